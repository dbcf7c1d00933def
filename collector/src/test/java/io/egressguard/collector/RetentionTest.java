package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.drain.Drainer;
import io.egressguard.collector.drain.Retention;
import io.egressguard.collector.drain.StopSignal;
import io.egressguard.collector.store.EventSink;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path tmp;

    private Path queue() {
        return tmp.resolve("queue");
    }

    /** Three cycle files, 5 h, 3 h and 0 h old (by name and by mtime); returns each hour's indexes. */
    private List<List<Long>> threeHours(Path dir, long now) throws Exception {
        Journals.writeJvm(dir, Journals.jvm(dir.getFileName().toString(), ProcessHandle.current().pid()));
        rewriteHost(dir, Retention.localHostname());
        List<List<Long>> indexes = new ArrayList<>();
        for (long ago : new long[] {5, 3, 0}) {
            long at = now - ago * HOUR;
            indexes.add(Journals.appendEventsAt(dir, at, Journals.events(10, at * 1_000_000L, "h" + ago + ".example.com")));
        }
        List<Path> files = cycleFiles(dir);
        assertEquals(3, files.size(), files.toString());
        Files.setLastModifiedTime(files.get(0), FileTime.fromMillis(now - 5 * HOUR));
        Files.setLastModifiedTime(files.get(1), FileTime.fromMillis(now - 3 * HOUR));
        return indexes;
    }

    private static void rewriteHost(Path dir, String host) throws Exception {
        JvmInfo jvm = io.egressguard.event.EventCodec.mapper().readValue(dir.resolve("jvm.json").toFile(), JvmInfo.class);
        jvm.hostname = host;
        Journals.writeJvm(dir, jvm);
    }

    private static List<Path> cycleFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    @Test
    void drainDeletesCycleFilesEveryStoreHasPassedOnceOlderThanTheRetentionButNeverTheNewest() throws Exception {
        long now = System.currentTimeMillis();
        Path dir = queue().resolve("jvm-live");
        threeHours(dir, now);
        Path db = tmp.resolve("e.db");

        CliRun keepAll = CliRun.run("drain", "--queue", queue().toString(), "--store", "sqlite:" + db, "--retain", "6h");
        assertEquals(0, keepAll.code(), keepAll::toString);
        assertEquals(3, cycleFiles(dir).size(), "nothing is older than 6h");

        CliRun run = CliRun.run("drain", "--queue", queue().toString(), "--store", "sqlite:" + db, "--retain", "2h");
        assertEquals(0, run.code(), run::toString);
        List<Path> left = cycleFiles(dir);
        assertEquals(1, left.size(), left.toString());
        assertEquals(30, Db.count(db, "SELECT COUNT(*) FROM events"));

        // The journal still reads after its old cycles went: new entries are drained.
        Journals.appendEvents(dir, Journals.events(4, now * 1_000_000L + 1, "later.example.com"));
        CliRun more = CliRun.run("drain", "--queue", queue().toString(), "--store", "sqlite:" + db, "--retain", "2h");
        assertEquals(List.of("drained 4 new events from 1 journals into sqlite:" + db), more.outLines(), more::toString);
    }

    @Test
    void aCycleIsKeptUntilTheSlowestStoreHasPassedIt() throws Exception {
        long now = System.currentTimeMillis();
        Path dir = queue().resolve("jvm-live");
        List<List<Long>> hours = threeHours(dir, now);
        long firstOfMiddleHour = hours.get(1).get(0);
        try (SqliteEventStore sqlite = SqliteEventStore.open(tmp.resolve("e.db"), true)) {
            sqlite.migrate();
            SlowSink slow = new SlowSink(firstOfMiddleHour);
            List<Drainer.Target> targets = List.of(new Drainer.Target("sqlite", () -> sqlite, false),
                    new Drainer.Target("slow", () -> slow, false));
            try (Drainer drainer = new Drainer(queue(), targets, 1, line -> { })) {
                List<Drainer.Outcome> outcomes = drainer.drainOnce(new StopSignal());
                assertTrue(outcomes.get(1).failure() != null, "the slow store stopped after the middle hour's first entry");
                Retention.Swept swept = new Retention(java.time.Duration.ofHours(1), Retention.localHostname(), line -> { })
                        .sweep(queue(), drainer.views(), Map.of("sqlite", "main", "slow", "slow"), now);
                assertEquals(1, swept.cycleFiles());
            }
        }
        assertEquals(2, cycleFiles(dir).size(), "the middle hour stays: the slow store is inside it");
    }

    @Test
    void aDeadJvmsJournalGoesOnceFullyDrained() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long now = System.currentTimeMillis();
        Path dead = queue().resolve("jvm-dead");
        Journals.writeJvm(dead, Journals.jvm("jvm-dead", gone.pid()));
        rewriteHost(dead, Retention.localHostname());
        List<Event> events = Journals.events(25, now * 1_000_000L, "a.example.com");
        Journals.appendEvents(dead, events);
        Path live = queue().resolve("jvm-live");
        Journals.writeJvm(live, Journals.jvm("jvm-live", ProcessHandle.current().pid()));
        rewriteHost(live, Retention.localHostname());
        Journals.appendEvents(live, Journals.events(5, now * 1_000_000L, "b.example.com"));
        Path elsewhere = queue().resolve("jvm-elsewhere");
        Journals.writeJvm(elsewhere, Journals.jvm("jvm-elsewhere", 1)); // host build-1: alive or not, it appended just now
        Journals.appendEvents(elsewhere, Journals.events(3, now * 1_000_000L, "c.example.com"));

        Path db = tmp.resolve("e.db");
        CliRun run = CliRun.run("drain", "--queue", queue().toString(), "--store", "sqlite:" + db);
        assertEquals(0, run.code(), run::toString);
        assertEquals(33, Db.count(db, "SELECT COUNT(*) FROM events"));
        assertFalse(Files.exists(dead), run::toString);
        assertTrue(run.err().contains("retention: removed journal " + dead), run::toString);
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(elsewhere));
    }

    /** A store that accepts entries up to a given index, then refuses: a store lagging behind. */
    private static final class SlowSink implements EventSink {
        private final long through;
        private final Map<String, Long> positions = new HashMap<>();

        SlowSink(long through) {
            this.through = through;
        }

        @Override
        public void migrate() {
        }

        @Override
        public Map<String, Long> positions() {
            return new HashMap<>(positions);
        }

        @Override
        public int commit(List<StoredEvent> events, List<io.egressguard.collector.store.Damage> damaged, Map<String, Long> reached) {
            reached.forEach((journal, index) -> {
                if (index > through) {
                    throw new io.egressguard.collector.CollectorException("slow store is full");
                }
            });
            positions.putAll(reached);
            return events.size();
        }

        @Override
        public void close() {
        }
    }
}
