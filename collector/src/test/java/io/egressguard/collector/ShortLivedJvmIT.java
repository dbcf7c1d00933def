package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.itapps.BlockedBurst;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19, item 5: a JVM that is blocked and exits at once, or is killed while the journal is still
 * starting, used to leave nothing (Chronicle takes most of a second of CPU to open; the exit waited
 * for it, and a kill left no file). Now the events are on disk (spill file and journal), and the
 * packaged collector stores each once, with the drops. Packaged agent on JDK 17 and 25.
 */
class ShortLivedJvmIT {
    private static final String APP = BlockedBurst.class.getName();

    @TempDir
    Path tmp;

    static List<Path> jdks() {
        return AgentRuns.jdks();
    }

    private String agentArgs(Path queue, String extra) throws Exception {
        return "policy=" + AgentRuns.denyCanaryPolicy(tmp) + ",queue=" + queue + ",fold.window=0" + extra;
    }

    /** (a) 300 blocked attempts, then System.exit at once with shutdown.wait=250: all 300 stored, once. */
    @ParameterizedTest
    @MethodSource("jdks")
    void aJvmThatExitsRightAfterItsAttemptsLosesNone(Path jdk) throws Exception {
        Path queue = tmp.resolve("queue");
        Path db = tmp.resolve("e.db");
        try (AgentRuns.Canary canary = new AgentRuns.Canary()) {
            Process app = AgentRuns.start(jdk, tmp.resolve("app"), agentArgs(queue, ",shutdown.wait=250"), APP,
                    AgentRuns.CANARY, String.valueOf(canary.port()), "1", "300", "exit");
            assertTrue(app.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, app.exitValue());
            assertTrue(Files.readString(tmp.resolve("app/out.txt")).contains("RESULT blocked=300 other=0"));
            assertEquals(0, canary.connections());
        }
        String err = Files.readString(tmp.resolve("app/err.txt"));
        String notices = AgentRuns.drain(queue, db);
        assertTrue(notices.lines().allMatch(l -> l.startsWith("retention: removed journal ")), notices);
        assertEquals(300, Db.count(db, "SELECT COUNT(*) FROM events"), "agent_drops: "
                + Db.count(db, "SELECT COALESCE(SUM(dropped), 0) FROM agent_drops") + ", stderr: " + err);
        assertEquals("", err, "no egressguard: line (nothing lost, nothing late)");
        assertEquals(300, Db.count(db, "SELECT SUM(count) FROM events"));
        assertEquals(300, Db.count(db, "SELECT COUNT(DISTINCT id) FROM events"));
        assertEquals(0, Db.count(db, "SELECT COALESCE(SUM(dropped), 0) FROM events") + Db.count(db, "SELECT COALESCE(SUM(dropped), 0) FROM agent_drops"));
        AgentRuns.drain(queue, db);
        assertEquals(300, Db.count(db, "SELECT COUNT(*) FROM events"), "a second drain adds nothing");
    }

    /** (b) kill -9 300 ms after 200 attempts, while Chronicle is still starting: the events are on disk and stored. */
    @ParameterizedTest
    @MethodSource("jdks")
    void aKillDuringTheWritersStartLeavesTheEventsOnDisk(Path jdk) throws Exception {
        Path queue = tmp.resolve("queue");
        Path db = tmp.resolve("e.db");
        try (AgentRuns.Canary canary = new AgentRuns.Canary()) {
            Process app = AgentRuns.start(jdk, tmp.resolve("app"), agentArgs(queue, ""), APP,
                    AgentRuns.CANARY, String.valueOf(canary.port()), "1", "200", "hang");
            awaitLine(tmp.resolve("app/out.txt"), "DONE", app);
            Thread.sleep(300);
            app.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(app.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.readString(tmp.resolve("app/out.txt")).contains("RESULT blocked=200 other=0"));
            assertEquals(0, canary.connections());
        }
        String notices = AgentRuns.drain(queue, db);
        assertEquals(200, Db.count(db, "SELECT COUNT(*) FROM events"), notices);
        assertEquals(200, Db.count(db, "SELECT SUM(count) FROM events"));
    }

    /**
     * (c) 8 threads x 500 attempts through a ring of 16: many are dropped, and the store knows how many:
     * the attempts stored plus the drops stored (in records and drop-count records) are all 4,000.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void dropsReachTheStore(Path jdk) throws Exception {
        Path queue = tmp.resolve("queue");
        Path db = tmp.resolve("e.db");
        try (AgentRuns.Canary canary = new AgentRuns.Canary()) {
            // A full ring degrades to aggregates, one per destination, until the table of them is full
            // too: 500 destinations overflow a 64k table, and only then are attempts dropped.
            Process app = AgentRuns.start(jdk, tmp.resolve("app"), agentArgs(queue, ",ring.size=16,ring.bytes=16k,table.bytes=64k,shutdown.wait=200"),
                    APP, AgentRuns.CANARY, String.valueOf(canary.port()), "8", "500", "exit", "ports=500");
            assertTrue(app.waitFor(120, TimeUnit.SECONDS));
            assertTrue(Files.readString(tmp.resolve("app/out.txt")).contains("RESULT blocked=4000 other=0"));
            assertEquals(0, canary.connections());
        }
        AgentRuns.drain(queue, db);
        long stored = Db.count(db, "SELECT SUM(count) FROM events");
        long dropped = Db.count(db, "SELECT COALESCE(SUM(dropped), 0) FROM events") + Db.count(db, "SELECT COALESCE(SUM(dropped), 0) FROM agent_drops");
        assertTrue(dropped > 0, "the ring of 16 and the 64k table must have overflowed: stored " + stored);
        assertEquals(4000, stored + dropped, "stored " + stored + " + dropped " + dropped);
        CliRun report = CliRun.run("report", "--store", "sqlite:" + db, "--format", "json");
        assertEquals(0, report.code(), report::toString);
        assertTrue(report.out().replace(" ", "").contains("\"dropped\":" + dropped), report.out());
    }

    private static void awaitLine(Path file, String line, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                try (BufferedReader r = Files.newBufferedReader(file); Stream<String> lines = r.lines()) {
                    if (lines.anyMatch(line::equals)) {
                        return;
                    }
                }
            }
            assertFalse(!p.isAlive(), "the app ended before " + line + ": " + Files.readString(file));
            Thread.sleep(5);
        }
        throw new AssertionError("no " + line + " in 120 s");
    }
}
