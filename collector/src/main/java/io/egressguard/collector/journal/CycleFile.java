package io.egressguard.collector.journal;

import io.egressguard.event.JournalRecord;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Chronicle cycle file, mapped read-only and read by hand. Chronicle's own tailer trusts each
 * 4-byte document header, so one flipped bit sent it into the middle of other records (or past
 * them all) and a zero-length file stalled it for 20 s; here every header is checked against the
 * record it announces, and a damaged stretch is skipped by finding the next intact record.
 *
 * <p>The format relied on (Chronicle Queue 2026.x, checked by {@code JournalCursorTest} against files
 * Chronicle wrote): a sequence of documents from offset 0, each a little-endian int header (bit 31:
 * still being written, bit 30: metadata, low 30 bits: length) and its bytes, the next header at
 * the following 4-byte boundary; a zero header where nothing is written yet; the header
 * {@code 0xC0000000} marks the end of a cycle that was rolled. The first document (metadata) holds
 * {@code writePosition}: where the newest document starts.
 */
final class CycleFile implements AutoCloseable {
    static final int NOT_COMPLETE = 0x80000000;
    static final int META_DATA = 0x40000000;
    static final int LENGTH_MASK = 0x3FFFFFFF;
    static final int END_OF_CYCLE = NOT_COMPLETE | META_DATA;
    private static final byte[] WRITE_POSITION = "writePosition".getBytes(StandardCharsets.US_ASCII);
    /** Chronicle's binary wire marker for an array of longs, which writePosition is. */
    private static final int I64_ARRAY = 0x8d;

    private final Path path;
    private final int cycle;
    private FileChannel channel;
    private MappedByteBuffer map;

    CycleFile(Path path, int cycle) throws IOException {
        this.path = path;
        this.cycle = cycle;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        remap();
    }

    Path path() {
        return path;
    }

    int cycle() {
        return cycle;
    }

    /** Bytes readable now. */
    int size() {
        return map.limit();
    }

    /** Maps again when the file grew (Chronicle extends a cycle file as it fills); returns whether it did. */
    boolean remap() throws IOException {
        long length = Math.min(channel.size(), Integer.MAX_VALUE - 8);
        if (map != null && length <= map.limit()) {
            return false;
        }
        map = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
        map.order(ByteOrder.LITTLE_ENDIAN);
        return true;
    }

    int header(int position) {
        return map.getInt(position);
    }

    /** Where the document after the one at {@code position} (header {@code header}) starts. */
    static long next(int position, int header) {
        return align(position + 4L + (header & LENGTH_MASK));
    }

    static long align(long position) {
        return (position + 3) & ~3L;
    }

    /** Whether a whole, finished, non-metadata document at {@code position} holds an intact framed record. */
    boolean intactRecordAt(int position) {
        if (position < 0 || position + 4 + JournalRecord.HEADER_BYTES > map.limit()) {
            return false;
        }
        int h = map.getInt(position);
        if ((h & (NOT_COMPLETE | META_DATA)) != 0) {
            return false;
        }
        int length = h & LENGTH_MASK;
        return map.getInt(position + 4) == JournalRecord.MAGIC && position + 4L + length <= map.limit()
                && JournalRecord.isIntact(map, position + 4, length);
    }

    /** The first intact record at or after {@code from} and before {@code limit}, or -1. */
    int findRecord(long from, long limit) {
        long end = Math.min(limit, (long) map.limit() - 4 - JournalRecord.HEADER_BYTES);
        for (long p = align(from); p <= end; p += 4) {
            // the magic first: a cheap test that rules out almost every position
            if (map.getInt((int) p + 4) == JournalRecord.MAGIC && intactRecordAt((int) p)) {
                return (int) p;
            }
        }
        return -1;
    }

    /** The record's index as its frame states it. */
    long recordIndex(int position) {
        return JournalRecord.index(map, position + 4);
    }

    /** The document's bytes (after its header), copied. */
    byte[] content(int position, int from, int length) {
        byte[] bytes = new byte[length - from];
        map.get(position + 4 + from, bytes);
        return bytes;
    }

    /**
     * Where Chronicle says the newest document starts (possibly beyond a file cut short), read from the file's first document, or -1
     * when that cannot be read (a damaged or unfamiliar header: the caller then looks further itself).
     */
    long writePosition() {
        int limit = Math.min(map.limit(), 512);
        outer:
        for (int i = 4; i + WRITE_POSITION.length < limit; i++) {
            for (int k = 0; k < WRITE_POSITION.length; k++) {
                if (map.get(i + k) != WRITE_POSITION[k]) {
                    continue outer;
                }
            }
            // then padding to align the array, the array marker, its capacity and used length, the values
            for (int j = i + WRITE_POSITION.length; j < i + WRITE_POSITION.length + 12 && j + 25 < limit; j++) {
                if ((map.get(j) & 0xff) == I64_ARRAY) {
                    long value = map.getLong(j + 17);
                    // beyond the file's end is kept: that is how a file cut short shows
                    return value > 0 && (value & 3) == 0 ? value : -1;
                }
            }
            return -1;
        }
        return -1;
    }

    /** Whether the file is older than {@code millis} (a zero-length newest file may be one Chronicle is creating). */
    boolean olderThan(long millis, long nowMillis) {
        try {
            return nowMillis - Files.getLastModifiedTime(path).toMillis() > millis;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
        map = null;
    }
}
