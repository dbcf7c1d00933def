package io.egressguard.agent.journal;

import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Not a test: measures offer() on the app thread and the writer's append throughput through the
 * real Chronicle sink. {@code java <grants> -cp <test classpath> io.egressguard.agent.journal.JournalBench
 * [dir] [eventBytes] [events]} (see the journal README lines in the commit message).
 */
public final class JournalBench {
    public static void main(String[] args) throws Exception {
        Path parent = args.length > 0 ? Paths.get(args[0]) : Files.createTempDirectory("journal-bench");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1536;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        Event[] events = new Event[count];
        for (int i = 0; i < count; i++) {
            events[i] = TestEvents.event(i, size);
        }
        System.out.printf("events of %d bytes (JSON), %d per round, %s%n", size, count, System.getProperty("java.version"));

        // 1. throughput: a ring big enough for the whole round, offered at once; time until written
        for (int round = 0; round < 3; round++) {
            JournalSettings settings = JournalSettings.defaults().withRingCapacity(count).withMinFreeBytes(0);
            try (Journal journal = Journal.open(parent.resolve("t" + round), TestEvents.jvm(), settings, System.err::println)) {
                long t0 = System.nanoTime();
                for (Event e : events) {
                    journal.offer(e);
                }
                if (!journal.flush(120_000)) {
                    throw new IllegalStateException("flush timed out");
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("writer: %d written, %d dropped in %.2f s = %.0f events/s, %.0f MiB/s (encode + append)%n",
                        journal.written(), journal.dropped(), s, journal.written() / s,
                        journal.written() * (double) size / s / (1 << 20));
            }
        }

        // 2. offer() latency on the app thread while the writer drains, at a pace it can sustain
        JournalSettings settings = JournalSettings.defaults().withMinFreeBytes(0);
        try (Journal journal = Journal.open(parent.resolve("latency"), TestEvents.jvm(), settings, System.err::println)) {
            long[] ns = new long[count];
            for (int round = 0; round < 2; round++) { // the first round warms up
                for (int i = 0; i < count; i++) {
                    Event e = events[i];
                    long t0 = System.nanoTime();
                    journal.offer(e);
                    ns[i] = System.nanoTime() - t0;
                    if ((i & 63) == 0) {
                        journal.flush(1000); // keep the ring from filling: we time offer, not drops
                    }
                }
                journal.flush(10_000);
            }
            long[] sorted = ns.clone();
            Arrays.sort(sorted);
            long overhead = nanoTimeOverhead();
            System.out.printf("offer(): p50 %d ns, p90 %d ns, p99 %d ns, p99.9 %d ns, max %d ns (System.nanoTime pair ~%d ns included); dropped %d%n",
                    sorted[count / 2], sorted[count * 9 / 10], sorted[count * 99 / 100], sorted[count * 999 / 1000],
                    sorted[count - 1], overhead, journal.dropped());
        }
        if (args.length == 0) {
            try (Stream<Path> files = Files.walk(parent)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long nanoTimeOverhead() {
        long[] d = new long[100_000];
        for (int i = 0; i < d.length; i++) {
            long t0 = System.nanoTime();
            d[i] = System.nanoTime() - t0;
        }
        Arrays.sort(d);
        return d[d.length / 2];
    }
}
