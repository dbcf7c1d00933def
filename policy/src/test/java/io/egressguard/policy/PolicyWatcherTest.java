package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyWatcherTest {
    @TempDir
    Path dir;

    private final BlockingQueue<Policy> policies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> errors = new LinkedBlockingQueue<>();
    private final PolicyWatcher.Listener listener = new PolicyWatcher.Listener() {
        @Override
        public void onPolicy(Policy policy) {
            policies.add(policy);
        }

        @Override
        public void onError(String message) {
            errors.add(message);
        }
    };

    @Test
    void goodEditIsAppliedWithinTwoSecondsAndBadEditKeepsTheLastGoodPolicy() throws Exception {
        Path f = write(dir, "policy.yaml", "rules:\n  - deny: a.test\n");
        try (PolicyWatcher w = PolicyWatcher.start(f, listener)) {
            assertEquals(Verdict.DENY, w.current().decideByName("a.test", 443).verdict());
            Thread t = findThread(PolicyWatcher.THREAD_NAME);
            assertNotNull(t, "watcher thread");
            assertTrue(t.isDaemon());

            long start = System.nanoTime();
            write(dir, "policy.yaml", "rules:\n  - allow: a.test\n"); // same size as before: content is compared too
            Policy next = policies.poll(2, TimeUnit.SECONDS);
            assertNotNull(next, "good edit not applied within 2 s");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
            assertSame(next, w.current());
            assertEquals(Verdict.ALLOW, w.current().decideByName("a.test", 443).verdict());

            write(dir, "policy.yaml", "rules:\n  - allow: a.test\n    severty: low\n");
            String error = errors.poll(2, TimeUnit.SECONDS);
            assertNotNull(error, "bad edit not reported");
            assertEquals(f + ":3: unknown key \"severty\" in a rule (did you mean \"severity\"?); allowed keys: allow, deny, "
                    + "monitor, severity, ports, mode, name, from", error);
            assertSame(next, w.current(), "the last good policy stays");
            assertNull(errors.poll(1200, TimeUnit.MILLISECONDS), "reported once per bad version");

            write(dir, "policy.yaml", "rules:\n  - allow: a.test\n    severity: oops\n");
            assertTrue(errors.poll(2, TimeUnit.SECONDS).contains("unknown severity \"oops\""), "a new bad version is reported");

            write(dir, "policy.yaml", "rules:\n  - monitor: a.test\n");
            assertNotNull(policies.poll(2, TimeUnit.SECONDS));
            assertEquals(Verdict.MONITOR, w.current().decideByName("a.test", 443).verdict());
        }
        assertTrue(waitForThreadGone(PolicyWatcher.THREAD_NAME), "close() stops the thread");
    }

    @Test
    void editOfAnIncludedListReloads() throws Exception {
        write(dir, "blocked.txt", "one.test\n");
        Path f = write(dir, "policy.yaml", "lists:\n  - file: blocked.txt\n");
        try (PolicyWatcher w = PolicyWatcher.start(f, listener)) {
            assertNull(w.current().decideByName("two.test", 443));
            write(dir, "blocked.txt", "one.test\ntwo.test\n");
            assertNotNull(policies.poll(2, TimeUnit.SECONDS), "list edit not applied within 2 s");
            assertEquals("blocked.txt:2 deny two.test", w.current().decideByName("two.test", 443).rule());
        }
    }

    @Test
    void badFirstVersionFailsClosedUntilFixed() throws Exception {
        Path f = write(dir, "policy.yaml", "lists:\n  - file: later.txt\n");
        try (PolicyWatcher w = PolicyWatcher.start(f, listener)) {
            String error = errors.poll(1, TimeUnit.SECONDS);
            assertTrue(error.startsWith(f + ":2: list file \"later.txt\" not found"), error);
            assertEquals("fail-closed: " + error, w.current().decide("x.test", null, 443).rule());
            write(dir, "later.txt", "x.test\n"); // creating the missing list is a change
            assertNotNull(policies.poll(2, TimeUnit.SECONDS));
            assertEquals("later.txt:1 deny x.test", w.current().decideByName("x.test", 443).rule());
        }
    }

    @Test
    void aFifoAsThePolicyFailsClosedAtOnceWithOneLineUntilARegularFileReplacesIt() throws Exception {
        Path f = dir.resolve("policy.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", f.toString()).inheritIO().start().waitFor());
        long t0 = System.nanoTime();
        try (PolicyWatcher w = PolicyWatcher.start(f, listener)) {
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "refused at once");
            assertEquals(Verdict.DENY, w.current().decide("x.test", null, 443).verdict());
            String error = errors.poll(1, TimeUnit.SECONDS);
            assertEquals(f + ":1: the policy file is a FIFO, socket or device, not a regular file; point to a regular file"
                    + " (a symlink to one is fine)", error);
            assertNull(errors.poll(800, TimeUnit.MILLISECONDS), "said once; the watcher does not read the FIFO for its checksum");
            assertTrue(findThread(PolicyWatcher.THREAD_NAME).isAlive());

            Path good = write(dir, "next.yaml", "rules:\n  - deny: a.test\n");
            java.nio.file.Files.move(good, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertNotNull(policies.poll(2, TimeUnit.SECONDS), "the regular file replacing the FIFO loads");
            assertEquals(Verdict.DENY, w.current().decideByName("a.test", 443).verdict());
            assertNull(w.current().decideByName("b.test", 443));
        }
    }

    /** A read that hangs (a hung network mount) must not hold start-up: fail closed, and use the policy once it arrives. */
    @Test
    void aFirstLoadThatHangsFailsClosedInBoundedTimeAndIsUsedWhenItArrives() throws Exception {
        Path f = write(dir, "policy.yaml", "rules:\n  - deny: a.test\n");
        java.util.concurrent.CountDownLatch mountBack = new java.util.concurrent.CountDownLatch(1);
        PolicyWatcher.Loader hung = new PolicyWatcher.Loader() {
            @Override
            public Policy load(Path file, java.util.List<Path> touched) throws PolicyException {
                try {
                    mountBack.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return PolicyLoader.load(file, touched);
            }
        };
        long t0 = System.nanoTime();
        try (PolicyWatcher w = PolicyWatcher.start(f, listener, 100, 300, hung)) {
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(took >= 250 && took < 1500, "start returned after " + took + " ms");
            assertEquals(f + ": not loaded within 300 ms (a file whose reading blocks, such as a FIFO, or a hung network mount?);"
                    + " it is used as soon as it can be read", errors.poll(1, TimeUnit.SECONDS));
            assertEquals(Verdict.DENY, w.current().decide("x.test", null, 443).verdict(), "failing closed");
            assertEquals(Verdict.ALLOW, w.current().decide("localhost", null, 443).verdict());

            mountBack.countDown();
            Policy late = policies.poll(2, TimeUnit.SECONDS);
            assertNotNull(late, "the late first load is published");
            assertSame(late, w.current());
            assertNull(w.current().decideByName("b.test", 443));
            assertNull(errors.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void anOverCapEditIsRefusedWithoutReadingItAndKeepsTheLastGoodPolicy() throws Exception {
        Path f = write(dir, "policy.yaml", "rules:\n  - deny: a.test\n");
        try (PolicyWatcher w = PolicyWatcher.start(f, listener)) {
            Policy good = w.current();
            Path huge = dir.resolve("huge.tmp");
            try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
                r.setLength(50L << 20); // sparse; recently modified, so a whole-file checksum would read 50 MB
            }
            java.nio.file.Files.move(huge, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String error = errors.poll(2, TimeUnit.SECONDS);
            assertEquals(f + ":1: the policy file is 52428800 bytes, over the 4 MiB limit (4194304 bytes); refused;"
                    + " keep long host lists in domain list files (up to 32 MiB)", error);
            assertSame(good, w.current());
            assertNull(errors.poll(800, TimeUnit.MILLISECONDS), "once per bad version");
            write(dir, "policy.yaml", "rules:\n  - allow: a.test\n");
            assertNotNull(policies.poll(2, TimeUnit.SECONDS), "the watcher lives on");
            assertEquals(Verdict.ALLOW, w.current().decideByName("a.test", 443).verdict());
        }
    }

    @Test
    void theWatcherSurvivesAnOutOfMemoryErrorWhileLoading() throws Exception {
        Path f = write(dir, "policy.yaml", "rules:\n  - deny: a.test\n");
        java.util.concurrent.atomic.AtomicBoolean fail = new java.util.concurrent.atomic.AtomicBoolean();
        PolicyWatcher.Loader flaky = new PolicyWatcher.Loader() {
            @Override
            public Policy load(Path file, java.util.List<Path> touched) throws PolicyException {
                if (fail.get()) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return PolicyLoader.load(file, touched);
            }
        };
        try (PolicyWatcher w = PolicyWatcher.start(f, listener, 50, 2000, flaky)) {
            Policy good = w.current();
            fail.set(true);
            write(dir, "policy.yaml", "rules:\n  - monitor: a.test\n");
            String error = errors.poll(2, TimeUnit.SECONDS);
            assertEquals(f + ": policy watcher problem: java.lang.OutOfMemoryError: Java heap space", error);
            assertSame(good, w.current());
            fail.set(false);
            write(dir, "policy.yaml", "rules:\n  - allow: a.test\n");
            assertNotNull(policies.poll(2, TimeUnit.SECONDS), "the thread survived");
        }
    }

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return t;
            }
        }
        return null;
    }

    private static boolean waitForThreadGone(String name) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            if (findThread(name) == null) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
