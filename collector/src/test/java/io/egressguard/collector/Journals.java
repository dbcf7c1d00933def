package io.egressguard.collector;

import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.EventIds;
import io.egressguard.event.JvmInfo;
import io.egressguard.event.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.egressguard.event.JournalRecord;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;

/** Writes journals the way the agent does: one framed JSON event per excerpt (see JournalRecord). */
public final class Journals {
    private Journals() {
    }

    /** Appends records to the journal in {@code dir}; returns the Chronicle index of each. */
    public static List<Long> append(Path dir, List<byte[]> records) {
        List<Long> indexes = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_HOURLY).build();
             ExcerptAppender appender = queue.createAppender()) {
            for (byte[] record : records) {
                indexes.add(appendFramed(appender, record));
            }
        }
        return indexes;
    }

    /** As an agent before framing wrote them: the bare JSON, no checksum. */
    public static List<Long> appendUnframed(Path dir, List<byte[]> records) {
        List<Long> indexes = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_HOURLY).build();
             ExcerptAppender appender = queue.createAppender()) {
            for (byte[] record : records) {
                appender.writeBytes(BytesStore.wrap(record));
                indexes.add(appender.lastIndexAppended());
            }
        }
        return indexes;
    }

    public static long appendFramed(ExcerptAppender appender, byte[] record) {
        try (DocumentContext dc = appender.writingDocument()) {
            long index = dc.index();
            Bytes<?> out = dc.wire().bytes();
            out.writeInt(JournalRecord.MAGIC);
            out.writeInt(JournalRecord.checksum(index, record, record.length));
            out.writeLong(index);
            out.write(record);
        }
        return appender.lastIndexAppended();
    }

    /** Appends as if the clock read {@code epochMillis}: the records land in that hour's cycle file. */
    public static List<Long> appendEventsAt(Path dir, long epochMillis, List<Event> events) {
        List<Long> indexes = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_HOURLY)
                .timeProvider(new SetTimeProvider(java.time.Instant.ofEpochMilli(epochMillis))).build();
             ExcerptAppender appender = queue.createAppender()) {
            for (Event e : events) {
                indexes.add(appendFramed(appender, EventCodec.encode(e)));
            }
        }
        return indexes;
    }

    public static List<Long> appendEvents(Path dir, List<Event> events) {
        List<byte[]> records = new ArrayList<>();
        for (Event e : events) {
            records.add(EventCodec.encode(e));
        }
        return append(dir, records);
    }

    public static void writeJvm(Path dir, JvmInfo jvm) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("jvm.json"), EventCodec.mapper().writeValueAsBytes(jvm));
    }

    public static JvmInfo jvm(String journal, long pid) {
        JvmInfo jvm = new JvmInfo();
        jvm.pid = pid;
        jvm.hostname = "build-1";
        jvm.mainClass = "com.example.App";
        jvm.startTime = 1_770_000_000_000L;
        jvm.journal = journal;
        return jvm;
    }

    /** A blocked attempt with a plausible stack, culprit and JVM. */
    public static Event event(long timeNanos, String host, int port, Action action, int count) {
        Event e = new Event();
        e.id = EventIds.next(timeNanos / 1_000_000);
        e.time = timeNanos;
        e.action = action;
        e.rule = "deny-trackers";
        e.severity = Severity.HIGH;
        e.api = "okhttp";
        e.host = host;
        e.port = port;
        e.ip = "203.0.113.7";
        e.vendor = host.contains("tracker") ? "Tracker Inc" : null;
        e.stack = List.of("com.example.Telemetry.send(Telemetry.java:42)", "com.example.App.main(App.java:7)");
        e.culprit = new Culprit("com.example.Telemetry.send(Telemetry.java:42)", "/app/lib/telemetry-1.2.jar",
                "com.example:telemetry:1.2");
        e.thread = "main";
        e.jvm = jvm("jvm-1", 4242);
        e.count = count;
        return e;
    }

    /** {@code n} events a millisecond apart from {@code startNanos}. */
    public static List<Event> events(int n, long startNanos, String host) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(startNanos + i * 1_000_000L, host, 443, Action.BLOCKED, 1));
        }
        return events;
    }

    public static byte[] garbage() {
        return "\u0000\u0001{not json at all".getBytes(StandardCharsets.UTF_8);
    }
}
