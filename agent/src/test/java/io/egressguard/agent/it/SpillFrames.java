package io.egressguard.agent.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a journal directory's spill.log as the collector does: frames of {@code int length, int
 * crc32c, payload}; a frame cut short or failing its checksum ends the read (counted in {@link #torn}).
 */
public final class SpillFrames {
    public static final String NAME = "spill.log";

    public final List<byte[]> records = new ArrayList<>();
    /** Bytes at the end that are not a whole, valid frame. */
    public long torn;

    private SpillFrames() {
    }

    public static SpillFrames read(Path journalDir) throws IOException {
        SpillFrames out = new SpillFrames();
        Path file = journalDir.resolve(NAME);
        if (!Files.exists(file)) {
            return out;
        }
        byte[] all = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(all);
        while (in.remaining() >= 8) {
            int start = in.position();
            int length = in.getInt();
            int crc = in.getInt();
            if (length < 0 || length > in.remaining()) {
                in.position(start);
                break;
            }
            byte[] record = Arrays.copyOfRange(all, in.position(), in.position() + length);
            CRC32C check = new CRC32C();
            check.update(record);
            if ((int) check.getValue() != crc) {
                in.position(start);
                break;
            }
            in.position(in.position() + length);
            out.records.add(record);
        }
        out.torn = in.remaining();
        return out;
    }
}
