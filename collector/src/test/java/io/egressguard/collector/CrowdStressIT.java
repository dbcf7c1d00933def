package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.itapps.BlockedBurst;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19, item 5, the crowd: 20 JVMs started together on this (2-core) host, each making its
 * blocked attempts and exiting at once with the default shutdown.wait. Before, 0 of 400 and
 * 1,410-2,804 of 20,000 events reached the store (each JVM's writer starved while Chronicle
 * started, and the exit gave up). Now every one is stored, once. Each app waits for the agent's
 * own start before its attempts (BlockedBurst await-agent): under such a crowd that start can
 * outlast the gate's 10-s hold of early calls, a separate matter (issue 19, item 2). Minutes: the
 * stress profile runs it, {@code ./mvnw -B -Pstress -pl collector -am verify}.
 */
class CrowdStressIT {
    private static final int JVMS = 20;

    @TempDir
    Path tmp;

    static Stream<Arguments> crowds() {
        List<Arguments> out = new ArrayList<>();
        for (Path jdk : AgentRuns.jdks()) {
            out.add(Arguments.of(jdk, 20));
            out.add(Arguments.of(jdk, 1000));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("crowds")
    void twentyJvmsStartedTogetherLoseNoEvent(Path jdk, int each) throws Exception {
        Path queue = tmp.resolve("queue");
        Path db = tmp.resolve("e.db");
        // 20 JVMs exiting together on 2 cores: with 1,000 attempts each, hundreds can still wait at
        // exit, and the default 500 ms spill bound was too short in one JVM of twenty under a load
        // average of 61 (117 events counted as dropped, not lost). 2 s covers it here.
        String args = "policy=" + AgentRuns.denyCanaryPolicy(tmp) + ",queue=" + queue + ",fold.window=0"
                + (each > 100 ? ",shutdown.wait=2000" : "");
        try (AgentRuns.Canary canary = new AgentRuns.Canary()) {
            List<Process> apps = new ArrayList<>();
            for (int i = 0; i < JVMS; i++) {
                apps.add(AgentRuns.start(jdk, tmp.resolve("app-" + i), args, BlockedBurst.class.getName(),
                        AgentRuns.CANARY, String.valueOf(canary.port()), "1", String.valueOf(each), "exit", "await-agent"));
            }
            for (int i = 0; i < JVMS; i++) {
                Process p = apps.get(i);
                assertTrue(p.waitFor(600, TimeUnit.SECONDS), "app " + i + " did not end");
                String err = Files.readString(tmp.resolve("app-" + i + "/err.txt"));
                assertEquals(0, p.exitValue(), err);
                String out = Files.readString(tmp.resolve("app-" + i + "/out.txt"));
                assertTrue(out.contains("RESULT blocked=" + each + " other=0"), "app " + i + ": " + out);
                assertEquals("", err, "app " + i + ": no egressguard: line (nothing lost at exit)");
            }
            assertEquals(0, canary.connections());
        }
        AgentRuns.drain(queue, db);
        assertEquals(JVMS * (long) each, Db.count(db, "SELECT COUNT(*) FROM events"));
        assertEquals(JVMS * (long) each, Db.count(db, "SELECT SUM(count) FROM events"));
        assertEquals(JVMS * (long) each, Db.count(db, "SELECT COUNT(DISTINCT id) FROM events"));
        assertEquals(JVMS, Db.count(db, "SELECT COUNT(DISTINCT journal) FROM events"));
    }
}
