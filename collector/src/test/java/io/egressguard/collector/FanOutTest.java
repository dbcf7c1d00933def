package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.drain.StopSignal;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several --store options: independent positions, and a store that is down holds back no other. */
class FanOutTest {
    private static final long T0 = 1_780_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private Path queue() {
        return tmp.resolve("queue");
    }

    private Path db() {
        return tmp.resolve("e.db");
    }

    private static Set<String> ids(List<Event> events) {
        return events.stream().map(e -> e.id).collect(Collectors.toSet());
    }

    @Test
    void jsonlFileGetsEachEventOnceAndResumesFromItsPositionsFile() throws Exception {
        Path file = tmp.resolve("out/events.jsonl");
        List<Event> first = Journals.events(120, T0, "a.example.com");
        Journals.appendEvents(queue().resolve("jvm-a"), first);
        CliRun run = CliRun.run("drain", "--queue", queue().toString(), "--store", "jsonl:" + file, "--batch-size", "50");
        assertEquals(List.of("drained 120 new events from 1 journals into jsonl:" + file), run.outLines(), run::toString);
        List<String> lines = Files.readAllLines(file);
        assertEquals(ids(first), lines.stream().map(l -> l.substring(l.indexOf("\"id\":\"") + 6, l.indexOf("\"id\":\"") + 6 + first.get(0).id.length()))
                .collect(Collectors.toSet()));
        assertTrue(Files.readString(Path.of(file + ".positions")).startsWith("jvm-a\t"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file + ".positions"))));

        CliRun again = CliRun.run("drain", "--queue", queue().toString(), "--store", "jsonl:" + file);
        assertEquals(List.of("drained 0 new events from 1 journals into jsonl:" + file), again.outLines(), again::toString);
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(7, T0 + 1_000_000_000L, "b.example.com"));
        CliRun more = CliRun.run("drain", "--queue", queue().toString(), "--store", "jsonl:" + file);
        assertEquals(List.of("drained 7 new events from 1 journals into jsonl:" + file), more.outLines(), more::toString);
        assertEquals(127, Files.readAllLines(file).size());
    }

    @Test
    void jsonlToStdoutPrintsOnlyEventsThereAndTheSummaryOnStderr() throws Exception {
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(5, T0, "a.example.com"));
        CliRun run = CliRun.run("drain", "--queue", queue().toString(), "--store", "jsonl:-", "--store", "sqlite:" + db());
        assertEquals(0, run.code(), run::toString);
        assertEquals(5, run.outLines().size(), run::toString);
        assertTrue(run.outLines().stream().allMatch(l -> l.startsWith("{\"v\":1,\"id\":")), run::toString);
        assertEquals(Set.of("drained 5 new events from 1 journals into jsonl:-",
                "drained 5 new events from 1 journals into sqlite:" + db()), new HashSet<>(run.errLines()), run::toString);
    }

    @Test
    void aStoreThatIsDownIsPausedOnceAndTheOthersGetEverything() throws Exception {
        List<Event> events = Journals.events(3_000, T0, "a.example.com");
        Journals.appendEvents(queue().resolve("jvm-a"), events.subList(0, 2_000));
        Journals.appendEvents(queue().resolve("jvm-b"), events.subList(2_000, 3_000));
        String down = "postgresql://postgres@127.0.0.1:" + Pg.freePort() + "/test";
        Path file = tmp.resolve("events.jsonl");

        StopSignal stop = new StopSignal();
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.run(stop, "drain", "--queue",
                queue().toString(), "--store", "sqlite:" + db(), "--store", down, "--store", "jsonl:" + file,
                "--follow", "--poll", "20ms", "--batch-size", "500"));
        awaitCount(() -> Db.count(db(), "SELECT COUNT(*) FROM events"), 3_000);
        awaitCount(() -> (long) Files.readAllLines(file).size(), 3_000);
        Thread.sleep(2_500); // at least two retries of the dead store
        stop.stop();
        CliRun run = running.get(30, TimeUnit.SECONDS);
        assertEquals(0, run.code(), run::toString);
        List<String> paused = run.errLines().stream().filter(l -> l.contains(" is paused: ")).toList();
        assertEquals(1, paused.size(), run::toString);
        assertTrue(paused.get(0).startsWith("store " + down + " is paused: cannot be opened: Connection to 127.0.0.1:"),
                run::toString);
        assertTrue(run.out().contains("drained 0 new events from 0 journals into " + down + " (paused at exit: cannot be opened: "),
                run::toString);
        assertEquals(ids(events), new HashSet<>(Db.strings(db(), "SELECT id FROM events")));
    }

    @Test
    void aStoreThatRefusesWritesLosesNothingAndCatchesUpWhenItRecovers() throws Exception {
        try (Pg pg = Pg.schema()) {
            Files.createDirectories(queue());
            assertEquals(0, CliRun.run("drain", "--queue", queue().toString(), "--store", pg.url()).code()); // schema only
            pg.exec("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'writes refused for the test'; END $$"
                    + " LANGUAGE plpgsql");
            pg.exec("CREATE TRIGGER refuse BEFORE INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse()");
            List<Event> events = Journals.events(1_500, T0, "a.example.com");
            List<Long> indexes = Journals.appendEvents(queue().resolve("jvm-a"), events);

            StopSignal stop = new StopSignal();
            CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.run(stop, "drain", "--queue",
                    queue().toString(), "--store", pg.url(), "--store", "sqlite:" + db(), "--follow", "--poll", "20ms",
                    "--batch-size", "400"));
            awaitCount(() -> Db.count(db(), "SELECT COUNT(*) FROM events"), 1_500);
            Thread.sleep(1_500);
            assertEquals(0, pg.count("SELECT COUNT(*) FROM events"));
            assertEquals(0, pg.count("SELECT COUNT(*) FROM journal_positions"), "the refused store's position did not move");
            pg.exec("DROP TRIGGER refuse ON events");
            awaitCount(() -> pg.count("SELECT COUNT(*) FROM events"), 1_500);
            stop.stop();
            CliRun run = running.get(30, TimeUnit.SECONDS);
            assertEquals(0, run.code(), run::toString);
            assertEquals(ids(events), new HashSet<>(pg.strings("SELECT id FROM events")));
            assertEquals(indexes.get(indexes.size() - 1), pg.count("SELECT last_index FROM journal_positions"));
            List<String> paused = run.errLines().stream().filter(l -> l.contains(" is paused: ")).toList();
            assertEquals(1, paused.size(), run::toString);
            assertTrue(paused.get(0).contains("writes refused for the test"), run::toString);
            assertTrue(run.err().contains("store " + pg.url() + " is back: draining resumed"), run::toString);
        }
    }

    interface Count {
        long get() throws Exception;
    }

    static void awaitCount(Count count, long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = count.get();
                if (seen >= n) {
                    return;
                }
            } catch (Exception e) {
                // not created yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("did not reach " + n + " (last seen " + seen + ")");
    }
}
