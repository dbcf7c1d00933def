package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.itapps.BlockedBurst;
import io.egressguard.collector.journal.JournalDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 as an operator meets it: JVMs under the packaged agent record blocked attempts and exit;
 * the packaged collector drains them into a main SQLite store and PostgreSQL; a one-off drain into a
 * scratch store, and one with no --store at all, run with a retention short enough to delete
 * anything drained; the main stores still get every event.
 */
class SharedQueueRetentionIT {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    /** A JVM under the agent makes {@code attempts} blocked connects and exits: its journal is a gone JVM's. */
    private void blockedBurst(Path queue, AgentRuns.Canary canary, String name, int attempts) throws Exception {
        Path jdk = AgentRuns.jdks().get(0);
        String agentArgs = "policy=" + AgentRuns.denyCanaryPolicy(tmp) + ",queue=" + queue + ",fold.window=0";
        Process app = AgentRuns.start(jdk, tmp.resolve(name), agentArgs, BlockedBurst.class.getName(),
                AgentRuns.CANARY, String.valueOf(canary.port()), "1", String.valueOf(attempts), "exit");
        assertTrue(app.waitFor(120, TimeUnit.SECONDS), name + " did not finish");
        assertTrue(Files.readString(tmp.resolve(name + "/out.txt")).contains("RESULT blocked=" + attempts + " other=0"),
                () -> name + ": " + read(tmp.resolve(name + "/err.txt")));
    }

    /** The packaged collector, as {@code java -jar} in {@code cwd}. */
    private Run collector(Path cwd, String... args) throws Exception {
        Files.createDirectories(cwd);
        Path out = Files.createTempFile(tmp, "collector-out", ".txt");
        Path err = Files.createTempFile(tmp, "collector-err", ".txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                AgentRuns.collectorJar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "collector did not finish");
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        assertEquals(0, run.code(), run::toString);
        return run;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void oneOffDrainsLeaveTheMainStoresEveryEventOfTheAgentsJournals() throws Exception {
        Path queue = tmp.resolve("queue");
        Path main = tmp.resolve("main.db");
        try (Pg pg = Pg.schema(); AgentRuns.Canary canary = new AgentRuns.Canary()) {
            String[] drainMain = {"drain", "--queue", queue.toString(), "--store", "sqlite:" + main, "--store", pg.url(),
                    "--retain", "1ms"};
            blockedBurst(queue, canary, "app-1", 100);
            collector(tmp, drainMain);
            assertEquals(100, Db.count(main, "SELECT COUNT(*) FROM events"));
            assertEquals(100, pg.count("SELECT COUNT(*) FROM events"));
            assertEquals(List.of(), JournalDir.discover(queue), "the first JVM's journal went: both stores have it all");

            blockedBurst(queue, canary, "app-2", 100);
            List<JournalDir> second = JournalDir.discover(queue);
            assertEquals(1, second.size(), second::toString);

            Path scratch = tmp.resolve("scratch.db");
            Run adHoc = collector(tmp, "drain", "--queue", queue.toString(), "--store", "sqlite:" + scratch, "--retain", "1ms");
            assertEquals("retention: sqlite:" + scratch + " is not a registered consumer of " + queue
                    + "; nothing will be deleted for it (use --register)\n", adHoc.err());
            assertEquals(100, Db.count(scratch, "SELECT COUNT(*) FROM events"));

            // No --store: the default ./egressguard.db of the working directory, a new store as well.
            Path elsewhere = tmp.resolve("elsewhere");
            Run byDefault = collector(elsewhere, "drain", "--queue", queue.toString(), "--retain", "1ms");
            assertEquals("retention: sqlite:./egressguard.db is not a registered consumer of " + queue
                    + "; nothing will be deleted for it (use --register)\n", byDefault.err());
            assertEquals(100, Db.count(elsewhere.resolve("egressguard.db"), "SELECT COUNT(*) FROM events"));
            assertEquals(second, JournalDir.discover(queue), "the second JVM's journal stays for the main stores");

            Run again = collector(tmp, drainMain);
            assertEquals(200, Db.count(main, "SELECT COUNT(*) FROM events"), again::toString);
            assertEquals(200, pg.count("SELECT COUNT(*) FROM events"), again::toString);
            assertFalse(Files.exists(second.get(0).dir()), "now every consumer has it all: it goes");
        }
    }
}
