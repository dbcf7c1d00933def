package io.egressguard.collector.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads the frames of a JVM's {@value #NAME}, the plain file the agent writes in front of Chronicle
 * and at exit (docs/internals.md, "The spill file"): {@code int length, int crc32c(payload),
 * payload}, big-endian. A frame shorter than its length is where the agent is writing now, or, if
 * its JVM is gone, a torn write from a kill: it is never read as an event. Reads only; the agent
 * only appends, so a position once passed stays valid.
 */
public final class SpillLog implements AutoCloseable {
    public static final String NAME = "spill.log";
    static final int HEADER = 8;
    /** The agent never writes a longer frame: a longer length is damage, not a record. */
    static final int MAX_RECORD = 64 << 20;

    /** One step of reading: a whole frame, or why there is none at {@code offset}. */
    public record Frame(Kind kind, long offset, long end, byte[] payload, String problem) {
    }

    public enum Kind {
        /** A whole frame whose checksum holds. */
        RECORD,
        /** A whole frame whose checksum fails: skipped (its length is kept, the next frame follows it). */
        BAD_CHECKSUM,
        /** Nothing more, or a frame not yet (or never to be) complete. */
        END,
        /** A length no frame can have: nothing after {@code offset} can be read. */
        BAD_LENGTH
    }

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER);
    private long position;

    private SpillLog(Path file, FileChannel channel, long position) {
        this.file = file;
        this.channel = channel;
        this.position = position;
    }

    /** Null when the journal directory has no spill file (yet). */
    public static SpillLog open(Path journalDir, long position) throws IOException {
        Path file = journalDir.resolve(NAME);
        try {
            return new SpillLog(file, FileChannel.open(file, StandardOpenOption.READ), position);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    public static boolean exists(Path journalDir) {
        return Files.isRegularFile(journalDir.resolve(NAME));
    }

    public Path file() {
        return file;
    }

    /** Where the next frame starts. */
    public long position() {
        return position;
    }

    public void position(long offset) {
        position = offset;
    }

    /** The frame at the position; a RECORD or BAD_CHECKSUM one moves the position past it. */
    public Frame next() throws IOException {
        long at = position;
        long size = channel.size();
        if (size - at < HEADER) {
            return new Frame(Kind.END, at, at, null, size > at ? "a frame header cut short (" + (size - at) + " bytes)" : null);
        }
        header.clear();
        readFully(header, at);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 0 || length > MAX_RECORD) {
            long next = findFrame(at + 1, size);
            if (next >= 0) {
                position = next;
                return new Frame(Kind.BAD_CHECKSUM, at, next, null, "frame length " + length + " is not valid: bytes "
                        + at + "-" + (next - 1) + " skipped, reading on at the next whole frame");
            }
            return new Frame(Kind.BAD_LENGTH, at, at, null, "frame length " + length + " is not valid; the rest of the file cannot be read");
        }
        long end = at + HEADER + length;
        if (end > size) {
            return new Frame(Kind.END, at, at, null, "a frame of " + length + " bytes cut short at " + (size - at - HEADER));
        }
        byte[] payload = new byte[length];
        readFully(ByteBuffer.wrap(payload), at + HEADER);
        CRC32C check = new CRC32C();
        check.update(payload, 0, length);
        position = end;
        if ((int) check.getValue() != crc) {
            // the length may be what is damaged: the next whole frame may start inside what it claims
            long next = findFrame(at + 1, size);
            if (next >= 0 && next < end) {
                position = next;
                return new Frame(Kind.BAD_CHECKSUM, at, next, null, "a frame fails its CRC32C check: bytes " + at + "-"
                        + (next - 1) + " skipped, reading on at the next whole frame");
            }
            return new Frame(Kind.BAD_CHECKSUM, at, end, null, "a frame of " + length + " bytes fails its CRC32C check: skipped");
        }
        return new Frame(Kind.RECORD, at, end, payload, null);
    }

    /**
     * The first offset from {@code from} where a whole frame starts whose checksum holds and whose
     * payload is a JSON object, or -1. Frames are not aligned, so every byte is tried; the payload
     * check makes a false match of damaged bytes practically impossible.
     */
    private long findFrame(long from, long size) throws IOException {
        if (size - from < HEADER + 2) {
            return -1;
        }
        java.nio.MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        for (long p = from; p + HEADER + 2 <= size; p++) {
            int length = map.getInt((int) p);
            if (length < 2 || length > MAX_RECORD || p + HEADER + length > size || map.get((int) p + HEADER) != '{') {
                continue;
            }
            CRC32C check = new CRC32C();
            check.update(map.duplicate().position((int) p + HEADER).limit((int) (p + HEADER + length)));
            if ((int) check.getValue() == map.getInt((int) p + 4)) {
                return p;
            }
        }
        return -1;
    }

    private void readFully(ByteBuffer into, long at) throws IOException {
        long p = at;
        while (into.hasRemaining()) {
            int n = channel.read(into, p);
            if (n < 0) {
                throw new IOException(file + " shrank while being read");
            }
            p += n;
        }
    }

    /**
     * Where reading stops for good as things stand: past the last whole frame (a torn or damaged
     * tail is not counted). A store whose position reached it has everything the file holds.
     */
    public static long readableEnd(Path journalDir) throws IOException {
        try (SpillLog log = open(journalDir, 0)) {
            if (log == null) {
                return 0;
            }
            long size = log.channel.size();
            long p = 0;
            while (size - p >= HEADER) {
                log.header.clear();
                log.readFully(log.header, p);
                log.header.flip();
                int length = log.header.getInt();
                if (length < 0 || length > MAX_RECORD || p + HEADER + length > size) {
                    break;
                }
                p += HEADER + length;
            }
            return p;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
