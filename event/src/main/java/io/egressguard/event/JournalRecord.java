package io.egressguard.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The frame around each event in a journal, shared by the agent that writes it and the collector
 * that checks it. Chronicle's own 4-byte document header only gives a length, so a flipped bit there
 * or in the event went unnoticed and one damaged spot cost everything after it. Each excerpt is:
 *
 * <pre>
 *   0  int   MAGIC ("EGR1" in file order)      lets a reader find the next record after damage
 *   4  int   CRC32C of bytes 8..end            a record that fails it is never stored
 *   8  long  the excerpt's own Chronicle index tells a reader after damage exactly which entries it lost
 *   16 ...   the event's UTF-8 JSON
 * </pre>
 *
 * All little-endian, as Chronicle writes. An excerpt that starts with '{' is an older agent's
 * unframed record: readable, but unchecked.
 */
public final class JournalRecord {
    /** 'E' 'G' 'R' '1' as a little-endian int. */
    public static final int MAGIC = 0x31524745;
    public static final int HEADER_BYTES = 16;
    private static final int CHECKED_FROM = 8;

    private JournalRecord() {
    }

    /** The checksum of a record whose index is {@code index} and whose event is {@code json[0, length)}. */
    public static int checksum(long index, byte[] json, int length) {
        CRC32C crc = new CRC32C();
        crc.update(indexBytes(index));
        crc.update(json, 0, length);
        return (int) crc.getValue();
    }

    /**
     * Checks the record in {@code buffer} from {@code start} for {@code length} bytes without moving
     * the buffer: its frame, and its checksum over the stored index and event.
     */
    public static boolean isIntact(ByteBuffer buffer, int start, int length) {
        if (length < HEADER_BYTES + 2 || start < 0 || start + length > buffer.limit()) {
            return false;
        }
        ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (le.getInt(start) != MAGIC) {
            return false;
        }
        CRC32C crc = new CRC32C();
        le.limit(start + length).position(start + CHECKED_FROM);
        crc.update(le);
        return (int) crc.getValue() == buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start + 4);
    }

    /** The index a framed record says it was written at. */
    public static long index(ByteBuffer buffer, int start) {
        return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(start + CHECKED_FROM);
    }

    /** Whether the excerpt at {@code start} begins with the frame's magic (it may still be damaged). */
    public static boolean isFramed(ByteBuffer buffer, int start, int length) {
        return length >= 4 && buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start) == MAGIC;
    }

    /**
     * The event of a whole excerpt read into an array: checked and unframed, or an older agent's
     * unframed record as it is.
     */
    public static byte[] event(byte[] excerpt) throws CorruptEventException {
        if (excerpt.length > 0 && excerpt[0] == '{') {
            return excerpt;
        }
        if (!isIntact(ByteBuffer.wrap(excerpt), 0, excerpt.length)) {
            throw new CorruptEventException("journal record fails its checksum", null);
        }
        return java.util.Arrays.copyOfRange(excerpt, HEADER_BYTES, excerpt.length);
    }

    private static byte[] indexBytes(long index) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (index >>> (8 * i));
        }
        return b;
    }
}
