package io.egressguard.collector.itapps;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs under the agent in a forked JVM: {@code BlockedBurst HOST PORT THREADS PER_THREAD exit|hang}.
 * THREADS threads start together and each makes PER_THREAD connect attempts to HOST:PORT (a
 * destination the policy denies); then it prints {@code RESULT blocked=N} and either exits at once
 * (the short-lived JVM) or prints {@code DONE} and waits to be killed.
 */
public final class BlockedBurst {
    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int threads = Integer.parseInt(args[2]);
        int each = Integer.parseInt(args[3]);
        AtomicInteger blocked = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    try (Socket s = new Socket()) {
                        s.connect(target, 2000);
                        other.incrementAndGet();
                    } catch (Exception e) {
                        if (isBlocked(e)) {
                            blocked.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    }
                }
            }, "burst-" + t);
            workers[t].start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("RESULT blocked=" + blocked.get() + " other=" + other.get());
        System.out.flush();
        if (args[4].equals("hang")) {
            System.out.println("DONE");
            System.out.flush();
            Thread.sleep(600_000);
        }
        System.exit(0);
    }

    private static boolean isBlocked(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().equals("io.egressguard.agent.bootstrap.EgressBlockedException")) {
                return true;
            }
        }
        return false;
    }
}
