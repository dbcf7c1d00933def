package io.egressguard.agent.policy;

import static io.egressguard.agent.policy.PolicyFixtures.write;
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
                    + "monitor, severity, ports, mode, name", error);
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
