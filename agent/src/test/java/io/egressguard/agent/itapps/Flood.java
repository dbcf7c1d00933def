package io.egressguard.agent.itapps;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Flood THREADS distinct|repeated|mixed SECONDS|xN: THREADS threads look up {@code *.telemetry.plane.so}
 * names (a new name per attempt, one name, or both), either for SECONDS or N attempts each (x500),
 * starting together right after main starts. Prints RESULT attempts, blocked (refused by the agent),
 * failed (any other outcome: the JVM's own UnknownHostException), oom, and heapMiB: the largest heap in
 * use after a full collection, sampled every second while the flood runs (timed runs only), as the
 * heap pools' usage after their last collection says: what was live then, not what 64 threads
 * allocated in the moment after it; heapFirstMiB is the first such sample. Exits 1
 * when any thread hit an OutOfMemoryError. The names never resolve: without the agent they fail in DNS.
 */
public final class Flood {
    private static final LongAdder ATTEMPTS = new LongAdder();
    private static final LongAdder BLOCKED = new LongAdder();
    private static final LongAdder FAILED = new LongAdder();
    private static final AtomicBoolean OOM = new AtomicBoolean();

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        String mode = args[1];
        boolean counted = args[2].startsWith("x");
        long perThread = counted ? Long.parseLong(args[2].substring(1)) : Long.MAX_VALUE;
        long seconds = counted ? 0 : Long.parseLong(args[2]);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            workers[t] = new Thread(() -> work(id, mode, perThread, running, start), "flood-" + t);
            workers[t].start();
        }
        start.countDown();
        long heapMiB = 0;
        long heapFirstMiB = -1;
        if (!counted) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long warm = System.nanoTime() + Math.min(5, seconds / 4) * 1_000_000_000L;
            while (System.nanoTime() < end && !OOM.get()) {
                Thread.sleep(1000);
                if (System.nanoTime() > warm) {
                    System.gc();
                    long live = liveHeapAfterGc() >> 20;
                    heapMiB = Math.max(heapMiB, live);
                    if (heapFirstMiB < 0) {
                        heapFirstMiB = live;
                    }
                }
            }
            running.set(false);
        }
        for (Thread w : workers) {
            w.join();
        }
        Outcome.print("attempts", String.valueOf(ATTEMPTS.sum()));
        Outcome.print("blocked", String.valueOf(BLOCKED.sum()));
        Outcome.print("failed", String.valueOf(FAILED.sum()));
        Outcome.print("oom", String.valueOf(OOM.get()));
        Outcome.print("heapMiB", String.valueOf(heapMiB));
        Outcome.print("heapFirstMiB", String.valueOf(heapFirstMiB));
        System.exit(OOM.get() ? 1 : 0);
    }

    /** Bytes in use in the heap pools right after their last collection. */
    private static long liveHeapAfterGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                used += after.getUsed();
            }
        }
        return used;
    }

    private static void work(int id, String mode, long perThread, AtomicBoolean running, CountDownLatch start) {
        try {
            start.await();
            for (long i = 0; i < perThread && running.get(); i++) {
                String host = "distinct".equals(mode) || ("mixed".equals(mode) && i % 3 == 0)
                        ? "t" + id + "-" + i + ".telemetry.plane.so"
                        : "mixed".equals(mode) ? "h" + (i % 8) + ".telemetry.plane.so" : "one.telemetry.plane.so";
                ATTEMPTS.increment();
                try {
                    InetAddress.getByName(host);
                    FAILED.increment(); // resolved: never expected
                } catch (Exception e) {
                    if (Outcome.of(e).startsWith("blocked")) {
                        BLOCKED.increment();
                    } else {
                        FAILED.increment();
                    }
                }
            }
        } catch (OutOfMemoryError e) {
            OOM.set(true);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
