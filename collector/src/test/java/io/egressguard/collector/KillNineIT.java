package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under SIGKILL: the packaged collector drains 3 journals with {@code --follow} and is
 * killed at random moments while rows are going in, then restarted; the store must end with every
 * event exactly once and each journal's position at its last entry.
 */
class KillNineIT {
    private static final long T0 = 1_780_000_000_000_000_000L;
    private static final int PER_JOURNAL = 17_000;
    private static final int KILLS = 6;

    @TempDir
    Path tmp;

    interface Rows {
        long count() throws Exception;
    }

    @Test
    void sqliteEndsWithEveryEventExactlyOnce() throws Exception {
        Path db = tmp.resolve("e.db");
        List<Long> last = journals();
        killRepeatedly("sqlite:" + db, () -> Db.count(db, "SELECT COUNT(*) FROM events"));
        assertEquals(3L * PER_JOURNAL, Db.count(db, "SELECT COUNT(*) FROM events"));
        assertEquals(3L * PER_JOURNAL, Db.count(db, "SELECT COUNT(DISTINCT id) FROM events"));
        for (int j = 0; j < 3; j++) {
            assertEquals(last.get(j), Db.count(db, "SELECT last_index FROM journal_positions WHERE journal = 'jvm-" + j + "'"));
        }
    }

    @Test
    void postgresqlEndsWithEveryEventExactlyOnce() throws Exception {
        try (Pg pg = Pg.schema()) {
            List<Long> last = journals();
            killRepeatedly(pg.url(), () -> pg.count("SELECT COUNT(*) FROM events"));
            assertEquals(3L * PER_JOURNAL, pg.count("SELECT COUNT(*) FROM events"));
            assertEquals(3L * PER_JOURNAL, pg.count("SELECT COUNT(DISTINCT id) FROM events"));
            for (int j = 0; j < 3; j++) {
                assertEquals(last.get(j), pg.count("SELECT last_index FROM journal_positions WHERE journal = 'jvm-" + j + "'"));
            }
        }
    }

    /** Returns each journal's last index. */
    private List<Long> journals() {
        List<Long> last = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            List<Event> events = Journals.events(PER_JOURNAL, T0 + j, "host" + j + ".example.com");
            List<Long> indexes = Journals.appendEvents(tmp.resolve("queue/jvm-" + j), events);
            last.add(indexes.get(indexes.size() - 1));
        }
        return last;
    }

    private void killRepeatedly(String store, Rows rows) throws Exception {
        Random random = new Random();
        long total = 3L * PER_JOURNAL;
        int kills = 0;
        for (int attempt = 0; attempt < 30 && kills < KILLS; attempt++) {
            Process p = start(store, "--follow", "--poll", "20ms", "--batch-size", "500");
            long before = safeCount(rows);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (safeCount(rows) <= before && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(120));
            long atKill = safeCount(rows);
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (atKill > before && atKill < total) {
                kills++;
            }
            if (atKill >= total) {
                break;
            }
        }
        assertTrue(kills >= 5, "killed mid-drain only " + kills + " times");
        Process finish = start(store);
        assertTrue(finish.waitFor(120, TimeUnit.SECONDS), "the last drain did not finish");
        assertEquals(0, finish.exitValue(), Files.readString(tmp.resolve("err.txt")));
    }

    private static long safeCount(Rows rows) {
        try {
            return rows.count();
        } catch (Exception e) {
            return 0; // schema not created yet
        }
    }

    private Process start(String store, String... extra) throws Exception {
        Path jar = Path.of(System.getProperty("egressguard.collector.jar", "target/egressguard-collector.jar"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "drain", "--queue", tmp.resolve("queue").toString(), "--store", store));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        return pb.start();
    }
}
