package io.egressguard.collector.bench;

import io.egressguard.collector.Journals;
import io.egressguard.collector.drain.Drainer;
import io.egressguard.collector.drain.StopSignal;
import io.egressguard.collector.store.EventSink;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Drain throughput and follow latency, run by hand (bench/collector-drain.sh), not a test.
 *
 * <pre>
 * throughput N STORE...   N events of ~2 KiB in 3 journals, one-shot drain into each store in turn
 * latency RATE SECONDS STORE   append at RATE events/s while --follow drains; p50/p99 append-to-committed
 * </pre>
 */
public final class DrainBench {
    private DrainBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("drainbench");
        try {
            if (args[0].equals("generate")) {
                generate(Path.of(args[2]), Integer.parseInt(args[1]));
            } else if (args[0].equals("throughput")) {
                throughput(work, Integer.parseInt(args[1]), Arrays.asList(args).subList(2, args.length));
            } else {
                latency(work, Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
            }
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Distinct call paths (stacks) across a run; real apps have few, but more than one. */
    static final int STACKS = Integer.getInteger("drainbench.stacks", 300);
    /** Events per store transaction, as {@code drain --batch-size}. */
    static final int BATCH = Integer.getInteger("drainbench.batch", 5000);

    /**
     * An event of about 2 KiB: a 24-frame stack, as a blocked call deep in a framework has. Event
     * {@code i} takes one of {@link #STACKS} call paths (scattered, not in runs), which differ in
     * their innermost frames; its culprit is one of 60 app frames and its host one of 500.
     */
    static Event event(long timeNanos, int i) {
        Event e = Journals.event(timeNanos, "host" + (i % 500) + ".tracker.io", 443, io.egressguard.event.Action.BLOCKED, 1);
        int path = (int) ((i * 2_654_435_761L) % STACKS);
        List<String> stack = new ArrayList<>();
        for (int f = 0; f < 24; f++) {
            int variant = f < 3 ? path : f;
            stack.add("com.example.framework.layer" + f + ".Handler" + variant + ".invoke(Handler" + f + ".java:" + (100 + variant) + ")");
        }
        e.stack = stack;
        e.culprit = new io.egressguard.event.Culprit("com.example.app.Service" + path % 60 + ".call(Service.java:42)",
                "/app/lib/app-1.0.jar", "com.example:app:1.0");
        // as the agent writes them since the culprit carries its package URL and evidence
        e.culprit.purl = "pkg:maven/com.example/app@1.0";
        e.culprit.evidence = io.egressguard.event.Culprit.POM;
        return e;
    }

    /** The machine's 1-minute load average: the wall rates mean little without it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /**
     * Writes the benchmark's journals into {@code queue}. bench/collector-drain.sh does this in a JVM
     * of its own: made in the draining JVM, 200,000 events left ~450 MiB of garbage in its old
     * generation and the drain's rate swung 2x with where G1's collections fell.
     */
    private static void generate(Path queue, int n) {
        // Made as if at 100,000 events/s: 10 µs apart. (Until 2026-12-03 they were 1 ns apart, all
        // in one millisecond, so their time-ordered ids came out in random order: every insert into
        // the id index landed on a page of its own, which no agent's events do.)
        long spacing = Long.getLong("drainbench.spacingNanos", 10_000L);
        long t0 = System.currentTimeMillis() * 1_000_000L - n * spacing;
        long bytes = 0;
        int journals = Integer.getInteger("drainbench.journals", 3);
        for (int j = 0; j < journals; j++) {
            List<byte[]> records = new ArrayList<>();
            for (int i = j; i < n; i += journals) {
                byte[] record = EventCodec.encode(event(t0 + i * spacing, i));
                bytes += record.length;
                records.add(record);
            }
            Journals.append(queue.resolve("jvm-" + j), records);
        }
        System.out.printf("%d events, %d bytes each on average, %d distinct stacks, in %d journals%n", n, bytes / n,
                Math.min(STACKS, n), journals);
    }

    /** Drains the journals under {@code drainbench.queue} (made by {@code generate}), or new ones made here, into each store twice. */
    private static void throughput(Path work, int n, List<String> stores) throws Exception {
        String given = System.getProperty("drainbench.queue");
        Path queue = given != null ? Path.of(given) : work.resolve("queue");
        if (given == null) {
            generate(queue, n);
        }
        System.out.printf("batch %d%n", BATCH);
        for (String store : stores) {
            for (int run = 0; run < 2; run++) {
                String url = store.replace("{run}", Integer.toString(run));
                StoreUrl parsed = StoreUrl.parse(url);
                long start = System.nanoTime();
                long cpu0 = processCpuNanos();
                long server0 = serverCpuNanos(url);
                try (Drainer drainer = new Drainer(queue, List.of(new Drainer.Target(url,
                        () -> EventStores.openSink(parsed, new PrintWriter(java.io.Writer.nullWriter()), queue), true)), BATCH, System.err::println)) {
                    Drainer.Outcome o = drainer.drainOnce(new StopSignal()).get(0);
                    if (o.failure() != null) {
                        throw o.failure();
                    }
                    double secs = (System.nanoTime() - start) / 1e9;
                    // CPU per event says what the drain costs regardless of what else the machine runs.
                    double cpuMicros = (processCpuNanos() - cpu0) / 1e3 / o.stats().stored();
                    String server = url.startsWith("postgresql:") || url.startsWith("kafka:") ? String.format(" + server %.1f us/event",
                            (serverCpuNanos(url) - server0) / 1e3 / o.stats().stored()) : "";
                    System.out.printf("%-60s run %d: %,d events in %.2f s = %,.0f events/s, collector CPU %.1f us/event%s, load %s%n",
                            url, run, o.stats().stored(), secs, o.stats().stored() / secs, cpuMicros, server, load());
                }
            }
        }
    }

    /**
     * CPU time of the store's server: for Kafka the broker JVM whose pid {@code drainbench.brokerPid}
     * names (bench/collector-drain.sh starts it), otherwise every process named {@code postgres} on
     * this machine (backends, WAL writer, checkpointer), as long as no one else uses the server meanwhile.
     */
    private static long serverCpuNanos(String url) {
        String brokerPid = System.getProperty("drainbench.brokerPid");
        if (url.startsWith("kafka:")) {
            return brokerPid == null ? 0 : ticksOf(Path.of("/proc", brokerPid)) * 10_000_000L;
        }
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                if (commandOf(p).equals("postgres")) {
                    ticks += ticksOf(p);
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    /** The process's command name, or "" when it exited meanwhile. */
    private static String commandOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        } catch (java.io.IOException | RuntimeException gone) {
            return "";
        }
    }

    /** utime + stime of a process in clock ticks, 0 when it exited meanwhile. */
    private static long ticksOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void latency(Path work, int rate, int seconds, String store) throws Exception {
        Path queue = work.resolve("queue");
        Path dir = queue.resolve("jvm-0");
        Files.createDirectories(dir);
        StoreUrl parsed = StoreUrl.parse(store);
        long[] latencies = new long[rate * seconds];
        AtomicInteger seen = new AtomicInteger();
        StopSignal stop = new StopSignal();
        Drainer drainer = new Drainer(queue, List.of(new Drainer.Target(store, () -> new Timed(
                EventStores.openSink(parsed, new PrintWriter(java.io.Writer.nullWriter()), queue), latencies, seen), true)), BATCH,
                System.err::println);
        Thread follow = new Thread(() -> {
            try {
                drainer.follow(stop, 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        follow.start();
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_HOURLY).build();
             ExcerptAppender appender = q.createAppender()) {
            long start = System.nanoTime();
            for (int i = 0; i < latencies.length; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long early = due - System.nanoTime();
                if (early > 0) {
                    // parked, not spun: a spinning appender would take one of the two cores from the drain
                    java.util.concurrent.locks.LockSupport.parkNanos(early);
                }
                // time = wall clock at append, so the store can tell how long the event took to commit
                Journals.appendFramed(appender, EventCodec.encode(event(System.currentTimeMillis() * 1_000_000L, i)));
            }
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (seen.get() < latencies.length && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        stop.stop();
        follow.join();
        drainer.close();
        long[] done = Arrays.copyOf(latencies, seen.get());
        Arrays.sort(done);
        System.out.printf("%s at %,d events/s for %d s: %,d committed; append->committed p50 %d ms, p99 %d ms, max %d ms, load %s%n",
                store, rate, seconds, done.length, done[done.length / 2], done[(int) (done.length * 0.99)], done[done.length - 1], load());
    }

    /** Records, for each event, the milliseconds from its append to its commit. */
    private record Timed(EventSink delegate, long[] latencies, AtomicInteger seen) implements EventSink {
        @Override
        public void migrate() {
            delegate.migrate();
        }

        @Override
        public Map<String, Long> positions() {
            return delegate.positions();
        }

        @Override
        public int commit(List<StoredEvent> events, List<io.egressguard.collector.store.Damage> damaged, Map<String, Long> positions) {
            int n = delegate.commit(events, damaged, positions);
            long now = System.currentTimeMillis();
            for (StoredEvent e : events) {
                int i = seen.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = now - e.event().time / 1_000_000L;
                }
            }
            return n;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
