package io.egressguard.collector;

import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/** Writes a journal directory's spill.log as the agent does: frames of length, CRC32C and the event's JSON. */
final class Spills {
    private Spills() {
    }

    static byte[] frame(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue()).put(payload).array();
    }

    static void append(Path dir, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("spill.log"), bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void appendEvents(Path dir, List<Event> events) throws IOException {
        for (Event e : events) {
            append(dir, frame(EventCodec.encode(e)));
        }
    }

    /** The agent's drop-count record: count 0, only {@code dropped}. */
    static Event dropCount(long timeNanos, long dropped) {
        Event e = new Event();
        e.id = io.egressguard.event.EventIds.next(timeNanos / 1_000_000);
        e.time = timeNanos;
        e.count = 0;
        e.dropped = dropped;
        return e;
    }
}
