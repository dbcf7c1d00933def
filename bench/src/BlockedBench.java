import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Blocked attempts on the calling thread (issue "Benchmarks against peers", item 3).
 *
 * BlockedBench THREADS WARM_S MEASURE_S PAYLOAD_BYTES DEPTH PORT
 *
 * Each of THREADS threads recurses DEPTH frames deep, then POSTs PAYLOAD_BYTES with HttpURLConnection
 * (default buffered mode) to http://127.0.0.2:PORT/ in a loop: WARM_S seconds of warm-up, then MEASURE_S
 * seconds timed call by call. The warm-up lasts until each thread made 20,000 attempts, if that is longer. Under the agent with a policy denying 127.0.0.2 each call is blocked
 * (EgressBlockedException, from getResponseCode); without it, nothing listens there and the kernel
 * refuses the connect: the same call's own cost, for a baseline. Only 127.0.0.2 is ever contacted.
 * Prints one line: attempts (all, warm-up included), blocked (measured), attempts/s and the latency
 * percentiles of the measured calls, all threads merged, and the calling threads' own CPU time per
 * measured call (ThreadMXBean: load-insensitive, excludes the agent's journal writer thread).
 */
public class BlockedBench {
    static final int WARM_ATTEMPTS = 20_000;
    static volatile boolean warm = true;
    static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        double warmS = Double.parseDouble(args[1]);
        double measureS = Double.parseDouble(args[2]);
        int payload = Integer.parseInt(args[3]);
        int depth = Integer.parseInt(args[4]);
        URL url = new URL("http://127.0.0.2:" + args[5] + "/v1/track");
        byte[] body = new byte[payload];
        for (int i = 0; i < payload; i++) {
            body[i] = (byte) ('a' + i % 26); // text: the preview is kept as text
        }
        Worker[] ws = new Worker[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            ws[t] = new Worker(url, body, depth, done);
            ws[t].start();
        }
        Thread.sleep((long) (warmS * 1000));
        // And at least WARM_ATTEMPTS per thread, so that the agent's code is compiled (C2 needs ~10k
        // calls of a method) even when other load makes the machine slow; at most a minute more.
        long until = System.nanoTime() + 60_000_000_000L;
        for (Worker w : ws) {
            while (w.attempts < WARM_ATTEMPTS && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        }
        long t0 = System.nanoTime();
        warm = false;
        Thread.sleep((long) (measureS * 1000));
        stop = true;
        long elapsed = System.nanoTime() - t0;
        done.await();
        long all = 0, blocked = 0, n = 0, cpu = 0;
        for (Worker w : ws) {
            cpu += w.cpu;
            all += w.attempts;
            blocked += w.blocked;
            n += w.n;
        }
        long[] merged = new long[(int) n];
        int at = 0;
        for (Worker w : ws) {
            System.arraycopy(w.times, 0, merged, at, w.n);
            at += w.n;
        }
        Arrays.sort(merged);
        System.out.printf(java.util.Locale.ROOT, "attempts=%d blocked=%d measured=%d per_s=%.0f p50=%.1f p99=%.1f p99.9=%.1f cpu_us=%.1f%n", all, blocked, n,
                n / (elapsed / 1e9), merged[(int) (n / 2)] / 1e3, merged[(int) (n * 0.99)] / 1e3, merged[(int) (n * 0.999)] / 1e3,
                cpu / 1e3 / n);
        if (blocked != 0 && blocked != n) {
            System.err.println("bench: only " + blocked + " of " + n + " measured calls were blocked");
        }
    }

    static final class Worker extends Thread {
        final URL url;
        final byte[] body;
        final int depth;
        final CountDownLatch done;
        long[] times = new long[1 << 16];
        int n;
        volatile long attempts;
        long blocked;
        long cpu;

        Worker(URL url, byte[] body, int depth, CountDownLatch done) {
            this.url = url;
            this.body = body;
            this.depth = depth;
            this.done = done;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                deeper(depth);
            } finally {
                done.countDown();
            }
        }

        /** The attempts run DEPTH frames below run(): the stack an agent capture has to walk past. */
        private void deeper(int left) {
            if (left > 0) {
                deeper(left - 1);
                return;
            }
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = -1;
            while (!stop) {
                boolean measured = !warm;
                if (measured && cpu0 < 0) {
                    cpu0 = mx.getCurrentThreadCpuTime();
                }
                long t0 = System.nanoTime();
                boolean wasBlocked = attempt();
                long t = System.nanoTime() - t0;
                attempts++;
                if (measured) {
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                    }
                    times[n++] = t;
                    if (wasBlocked) {
                        blocked++;
                    }
                }
            }
            cpu = cpu0 < 0 ? 0 : mx.getCurrentThreadCpuTime() - cpu0;
        }

        private boolean attempt() {
            try {
                HttpURLConnection c = (HttpURLConnection) url.openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setConnectTimeout(1000);
                c.setRequestProperty("Content-Type", "text/plain");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
                c.getResponseCode();
                throw new IllegalStateException("a response from 127.0.0.2: nothing may listen there");
            } catch (IOException e) {
                for (Throwable x = e; x != null; x = x.getCause()) {
                    if (x.getClass().getName().endsWith("EgressBlockedException")) {
                        return true;
                    }
                }
                return false;
            }
        }
    }
}
