package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.drain.Retention;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's spill file: drained exactly once beside the journal, damage reported in one line, drop counts stored apart. */
class SpillDrainTest {
    private static final long T0 = 1_780_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private Path queue() {
        return tmp.resolve("queue");
    }

    private Path db() {
        return tmp.resolve("e.db");
    }

    private CliRun drain() {
        return CliRun.run("drain", "--queue", queue().toString(), "--store", "sqlite:" + db());
    }

    /** A journal directory of a JVM that is still running (this one), so retention leaves it. */
    private Path liveJournal(String name) throws Exception {
        Path dir = queue().resolve(name);
        Journals.writeJvm(dir, Journals.jvm(name, ProcessHandle.current().pid()));
        return dir;
    }

    @Test
    void aSpillFileIsDrainedExactlyOnceBesideTheJournalAndAGrowingLastFrameWaits() throws Exception {
        Path dir = liveJournal("jvm-1");
        List<Event> spilled = Journals.events(10, T0, "spill.example.com");
        Spills.appendEvents(dir, spilled);
        List<Event> journaled = new ArrayList<>(Journals.events(5, T0 + 50_000_000L, "queue.example.com"));
        journaled.add(spilled.get(9)); // the event the writer held at exit is in both files
        Journals.appendEvents(dir, journaled);
        byte[] next = Spills.frame(EventCodec.encode(Journals.event(T0 + 99, "late.example.com", 443, io.egressguard.event.Action.BLOCKED, 3)));
        Spills.append(dir, Arrays.copyOf(next, 20)); // the agent is writing it now

        CliRun first = drain();
        assertEquals(0, first.code(), first::toString);
        assertEquals("", first.err(), first::toString);
        assertEquals(15, Db.count(db(), "SELECT COUNT(*) FROM events"));
        long end = Files.size(dir.resolve("spill.log")) - 20;
        assertEquals(end, Db.count(db(), "SELECT last_index FROM journal_positions WHERE journal = 'jvm-1/spill.log'"));

        Spills.append(dir, Arrays.copyOfRange(next, 20, next.length)); // the frame is whole now
        CliRun second = drain();
        assertEquals(0, second.code(), second::toString);
        assertEquals(16, Db.count(db(), "SELECT COUNT(*) FROM events"));
        assertEquals(18, Db.count(db(), "SELECT SUM(count) FROM events"));
        assertEquals(0, drain().code());
        assertEquals(16, Db.count(db(), "SELECT COUNT(*) FROM events"), "exactly once");
    }

    @Test
    void aDropCountIsStoredApartCountsInTheTotalsAndIsNoDestination() throws Exception {
        Path dir = liveJournal("jvm-1");
        Spills.appendEvents(dir, Journals.events(3, T0, "a.example.com"));
        Spills.appendEvents(dir, List.of(Spills.dropCount(T0 + 10_000_000L, 42)));
        CliRun run = drain();
        assertEquals(0, run.code(), run::toString);
        assertEquals(3, Db.count(db(), "SELECT COUNT(*) FROM events"));
        assertEquals(42, Db.count(db(), "SELECT SUM(dropped) FROM agent_drops"));
        CliRun report = CliRun.run("report", "--store", "sqlite:" + db(), "--format", "json");
        assertEquals(0, report.code(), report::toString);
        assertTrue(report.out().contains("\"dropped\" : 42") || report.out().contains("\"dropped\":42"), report.out());
        assertFalse(report.out().contains("\"?\""), "no destination for the drop count: " + report.out());
        assertEquals(0, drain().code());
        assertEquals(1, Db.count(db(), "SELECT COUNT(*) FROM agent_drops"), "exactly once");
    }

    @Test
    void aFrameFailingItsChecksumIsReportedInOneLineAndTheNextIsRead() throws Exception {
        Path dir = liveJournal("jvm-1");
        Spills.appendEvents(dir, Journals.events(2, T0, "a.example.com"));
        long bad = Files.size(dir.resolve("spill.log"));
        byte[] frame = Spills.frame(EventCodec.encode(Journals.event(T0 + 5, "b.example.com", 443, io.egressguard.event.Action.BLOCKED, 1)));
        frame[frame.length - 3] ^= 0x55;
        Spills.append(dir, frame);
        Spills.appendEvents(dir, Journals.events(2, T0 + 10_000_000L, "c.example.com"));
        CliRun run = drain();
        assertEquals(4, run.code(), "a frame lost is damage: " + run);
        assertEquals(4, Db.count(db(), "SELECT COUNT(*) FROM events"));
        List<String> lines = run.errLines();
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).contains("spill file " + dir.resolve("spill.log") + " at byte " + bad + ": ")
                && lines.get(0).contains("CRC32C"), lines.get(0));
        assertEquals(List.of("jvm-1/spill.log:" + bad), Db.strings(db(), "SELECT journal || ':' || first_index FROM damaged"));
    }

    /** A flipped bit in a frame's length: the frames inside what it claims are read, not skipped with it. */
    @Test
    void aDamagedFrameLengthCostsThatFrameOnly() throws Exception {
        Path dir = liveJournal("jvm-1");
        Spills.appendEvents(dir, Journals.events(2, T0, "a.example.com"));
        long bad = Files.size(dir.resolve("spill.log"));
        List<io.egressguard.event.Event> later = Journals.events(5, T0 + 10_000_000L, "c.example.com");
        Spills.appendEvents(dir, Journals.events(1, T0 + 5, "b.example.com"));
        Spills.appendEvents(dir, later);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve("spill.log").toFile(), "rw")) {
            f.seek(bad + 2); // the length's third byte: 64 KiB longer, over every later frame
            int v = f.read();
            f.seek(bad + 2);
            f.write(v ^ 0x01);
        }
        CliRun run = drain();
        assertEquals(4, run.code(), run::toString);
        java.util.Set<String> stored = new java.util.HashSet<>(Db.strings(db(), "SELECT id FROM events"));
        assertEquals(7, stored.size(), run::toString);
        later.forEach(e -> assertTrue(stored.contains(e.id), "a later frame is read: " + run));
    }

    @Test
    void aTornTailOfAKilledJvmIsReportedOnceAndItsJournalGoesWhenDrained() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dir = queue().resolve("jvm-dead");
        io.egressguard.event.JvmInfo jvm = Journals.jvm("jvm-dead", gone.pid());
        jvm.hostname = Retention.localHostname();
        Journals.writeJvm(dir, jvm);
        Spills.appendEvents(dir, Journals.events(4, T0, "a.example.com"));
        Spills.append(dir, Arrays.copyOf(Spills.frame(EventCodec.encode(Journals.events(1, T0, "b.example.com").get(0))), 30));
        CliRun run = drain();
        assertEquals(0, run.code(), run::toString);
        assertEquals(4, Db.count(db(), "SELECT COUNT(*) FROM events"));
        assertTrue(run.err().contains("cut short") && run.err().contains("its JVM stopped mid-write"), run::toString);
        assertTrue(run.err().contains("retention: removed journal " + dir), run::toString);
        assertFalse(Files.exists(dir));
    }

    @Test
    void aLiveJvmsSpillFileIsNeverDeleted() throws Exception {
        Path dir = liveJournal("jvm-live");
        Spills.appendEvents(dir, Journals.events(2, T0, "a.example.com"));
        assertEquals(0, drain().code());
        assertTrue(Files.exists(dir.resolve("spill.log")));
    }

    @Test
    void tailFollowsSpillFiles() throws Exception {
        Path dir = liveJournal("jvm-1");
        Spills.appendEvents(dir, Journals.events(2, T0, "spilled.example.com"));
        Spills.appendEvents(dir, List.of(Spills.dropCount(T0 + 5, 7)));
        CliRun run = CliRun.run("tail", "--queue", queue().toString(), "--from-start", "--limit", "3", "--timeout", "20s");
        assertEquals(0, run.code(), run::toString);
        assertEquals(3, run.outLines().size(), run::toString);
        assertTrue(run.outLines().get(0).contains("spilled.example.com"), run::toString);
        assertTrue(run.outLines().get(2).contains("dropped 7 event(s)"), run::toString);
    }
}
