package io.egressguard.agent.journal;

import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.EventIds;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: what it costs the journal writer to get its first record onto disk, in a fresh JVM,
 * with {@code busy} threads spinning beside it (a crowded host): the first encode (Jackson's
 * start), opening the spill file and appending to it, opening Chronicle and appending to it. Each
 * step's wall and CPU time (of the thread doing it). {@code java <grants> -cp <test classpath>
 * io.egressguard.agent.journal.ChronicleStartBench <busyThreads> [dir]} (docs/BENCHMARKS.md).
 */
public final class ChronicleStartBench {
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        int busy = Integer.parseInt(args[0]);
        Path parent = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("chronicle-start");
        for (int i = 0; i < busy; i++) {
            Thread t = new Thread(ChronicleStartBench::spin, "busy-" + i);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(200);
        Path dir = JournalDirectory.create(parent, TestEvents.jvm());
        String[] out = new String[1];
        Thread writer = new Thread(() -> out[0] = measure(dir), "writer");
        writer.start();
        writer.join();
        stop = true;
        System.out.println("busy=" + busy + " " + out[0]);
        System.exit(0);
    }

    private static String measure(Path dir) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StringBuilder line = new StringBuilder();
        try {
            Event e = new Event();
            e.id = EventIds.next(System.currentTimeMillis());
            e.time = System.currentTimeMillis() * 1_000_000L;
            e.action = Action.BLOCKED;
            e.host = "telemetry.plane.so";
            e.port = 443;
            e.stack = List.of("com.example.Telemetry.send(Telemetry.java:42)");
            RecordBuffer record = new RecordBuffer();
            long w0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            EventCodec.encode(e, record);
            long w1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            SpillFile spill = SpillFile.open(dir);
            spill.append(record.array(), record.size());
            long w2 = System.nanoTime();
            long c2 = mx.getCurrentThreadCpuTime();
            JournalSink sink = ChronicleSink.open(dir, s -> { });
            sink.append(record.array(), record.size());
            long w3 = System.nanoTime();
            long c3 = mx.getCurrentThreadCpuTime();
            sink.close();
            spill.close();
            line.append(String.format("encode wall %.0f ms cpu %.0f ms | spill open+append wall %.1f ms cpu %.1f ms"
                            + " | chronicle open+append wall %.0f ms cpu %.0f ms",
                    (w1 - w0) / 1e6, (c1 - c0) / 1e6, (w2 - w1) / 1e6, (c2 - c1) / 1e6, (w3 - w2) / 1e6, (c3 - c2) / 1e6));
        } catch (Exception ex) {
            line.append("failed: ").append(ex);
        }
        return line.toString();
    }

    private static void spin() {
        long x = 0;
        while (!stop) {
            x += System.nanoTime() & 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }
}
