package io.egressguard.agent.it;

import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * Reads back every event the forked JVMs journaled under a queue parent directory: the Chronicle
 * queue and the spill file in front of it, once per id (an event the writer held at exit is in both,
 * as the stores keep it once). Drop-count records (count 0, no attempt) are not events.
 */
public final class JournalEvents {
    private JournalEvents() {
    }

    public static List<Event> readAll(Path queueParent) throws Exception {
        List<Event> events = new ArrayList<>();
        if (!Files.isDirectory(queueParent)) {
            return events;
        }
        try (Stream<Path> dirs = Files.list(queueParent)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (Files.isDirectory(dir)) {
                    events.addAll(read(dir));
                }
            }
        }
        return events;
    }

    /** Every journaled record under a queue parent as the agent wrote it (the wire JSON), undecoded. */
    public static List<byte[]> readAllRaw(Path queueParent) throws Exception {
        List<byte[]> records = new ArrayList<>();
        if (!Files.isDirectory(queueParent)) {
            return records;
        }
        try (Stream<Path> dirs = Files.list(queueParent)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (Files.isDirectory(dir)) {
                    records.addAll(SpillFrames.read(dir).records);
                }
                if (Files.isDirectory(dir)) {
                    forEachQueued(dir, records::add);
                }
            }
        }
        return records;
    }

    static List<Event> read(Path journal) throws Exception {
        java.util.Map<String, Event> byId = new java.util.LinkedHashMap<>();
        for (byte[] record : SpillFrames.read(journal).records) {
            Event e = EventCodec.decode(record);
            byId.putIfAbsent(e.id, e);
        }
        for (Event e : readQueue(journal)) {
            byId.putIfAbsent(e.id, e);
        }
        List<Event> events = new ArrayList<>();
        for (Event e : byId.values()) {
            if (e.count > 0) {
                events.add(e);
            }
        }
        return events;
    }

    private static List<Event> readQueue(Path journal) throws Exception {
        List<Event> events = new ArrayList<>();
        forEachQueued(journal, record -> events.add(EventCodec.decode(record)));
        return events;
    }

    /** Receives a journal's records one at a time (a flood journals hundreds of thousands). */
    interface RecordVisitor {
        void accept(byte[] record) throws Exception;
    }

    /** Hands on every record in a JVM journal's Chronicle queue (not its spill file), in order; none without cycle files. */
    static void forEachQueued(Path journal, RecordVisitor visitor) throws Exception {
        if (!hasCycleFiles(journal)) {
            return;
        }
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(journal).readOnly(true).build()) {
            ExcerptTailer tailer = q.createTailer();
            Bytes<?> bytes = Bytes.allocateElasticOnHeap(4096);
            while (true) {
                bytes.clear();
                if (!tailer.readBytes(bytes)) {
                    break;
                }
                visitor.accept(io.egressguard.event.JournalRecord.event(bytes.toByteArray()));
            }
        }
    }

    private static boolean hasCycleFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        }
    }

    /** Total attempts the events stand for (repeats fold into one event with a count). */
    public static int attempts(List<Event> events) {
        int n = 0;
        for (Event e : events) {
            n += e.count;
        }
        return n;
    }
}
