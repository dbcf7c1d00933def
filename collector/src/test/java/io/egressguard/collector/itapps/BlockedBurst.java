package io.egressguard.collector.itapps;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs under the agent in a forked JVM: {@code BlockedBurst HOST PORT THREADS PER_THREAD exit|hang [await-agent] [ports=N]}.
 * THREADS threads start together and each makes PER_THREAD connect attempts to HOST:PORT (a
 * destination the policy denies); then it prints {@code RESULT blocked=N} and either exits at once
 * (the short-lived JVM) or prints {@code DONE} and waits to be killed. With {@code await-agent} it
 * first waits until the agent has started (its gate installed): on a crowded host the agent's own
 * start can take longer than the gate holds early calls (10 s), which is another matter than the
 * journal's start that the crowd test is about. With {@code ports=N} the attempts spread over N ports
 * from PORT up: as many destinations, each its own aggregate when the ring is full.
 */
public final class BlockedBurst {
    public static void main(String[] args) throws Exception {
        int ports = 1;
        for (int a = 5; a < args.length; a++) {
            if (args[a].equals("await-agent")) {
                awaitAgent();
            } else if (args[a].startsWith("ports=")) {
                ports = Integer.parseInt(args[a].substring("ports=".length()));
            }
        }
        int spread = ports;
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int each = Integer.parseInt(args[3]);
        AtomicInteger blocked = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> firstOther = new java.util.concurrent.atomic.AtomicReference<>("");
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
                        s.connect(new InetSocketAddress(host, port + i % spread), 2000);
                        other.incrementAndGet();
                        firstOther.compareAndSet("", " first-other=connected");
                    } catch (Exception e) {
                        if (isBlocked(e)) {
                            blocked.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                            firstOther.compareAndSet("", " first-other=" + e);
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
        System.out.println("RESULT blocked=" + blocked.get() + " other=" + other.get() + firstOther.get());
        System.out.flush();
        if (args[4].equals("hang")) {
            System.out.println("DONE");
            System.out.flush();
            Thread.sleep(600_000);
        }
        System.exit(0);
    }

    /** Loads a hooked JDK network class (which starts the agent) and waits for the gate to be installed. */
    private static void awaitAgent() throws Exception {
        java.nio.channels.SocketChannel.open().close(); // loads sun.nio.ch.Net, a hook target: the agent starts
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!installed()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not start in 300 s");
            }
            Thread.sleep(10);
        }
    }

    /** The gate is defined in the boot loader by the agent's start-up thread: absent until then. */
    private static boolean installed() throws Exception {
        try {
            Class<?> gate = Class.forName("io.egressguard.agent.bootstrap.Gate", false, null);
            return (Boolean) gate.getMethod("installed").invoke(null);
        } catch (ClassNotFoundException notYet) {
            return false;
        }
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
