package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.cli.Cli;
import io.egressguard.collector.drain.StopSignal;
import io.egressguard.event.EventCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusAndPurgeTest {
    private static final long T0 = 1_780_000_000_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void statusPrintsEachStoresPositionAndLagPerJournalAsJson() throws Exception {
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(40, T0, "a.example.com"));
        List<Long> b = Journals.appendEvents(queue.resolve("jvm-b"), Journals.events(10, T0, "b.example.com"));
        String db = "sqlite:" + tmp.resolve("e.db");
        String jsonl = "jsonl:" + tmp.resolve("e.jsonl");
        assertEquals(0, CliRun.run("drain", "--queue", queue.toString(), "--store", db).code());
        List<Long> more = Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(7, T0 + 1_000_000_000L, "a.example.com"));

        CliRun run = CliRun.run("drain", "--queue", queue.toString(), "--store", db, "--store", jsonl, "--status");
        assertEquals(0, run.code(), run::toString);
        assertEquals(1, run.outLines().size(), run::toString);
        JsonNode status = EventCodec.mapper().readTree(run.out());
        assertEquals(more.get(6).longValue(), status.at("/journals/jvm-a/lastIndex").asLong());
        assertEquals(b.get(9).longValue(), status.at("/journals/jvm-b/lastIndex").asLong());
        JsonNode sqlite = status.at("/stores").get(db);
        assertEquals("ok", sqlite.get("state").asText());
        assertTrue(!sqlite.has("stored"), "a per-run total means nothing outside a running drain");
        assertEquals(7, sqlite.at("/journals/jvm-a/lag").asLong());
        assertEquals(0, sqlite.at("/journals/jvm-b/lag").asLong());
        assertEquals(b.get(9).longValue(), sqlite.at("/journals/jvm-b/committed").asLong());
        assertEquals(7, sqlite.get("lag").asLong());
        JsonNode file = status.at("/stores").get(jsonl);
        assertEquals(57, file.get("lag").asLong(), "a store that never drained lags by every entry");
        assertTrue(file.at("/journals/jvm-a/committed").isNull());
    }

    @Test
    void statusReportAndEventsAnswerWhileDrainFollowHoldsTheSqliteStore() throws Exception {
        // The container health check (drain --status) and `docker compose exec collector egressguard
        // report` run beside the image's drain --follow, which holds SQLite's write lock.
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(5, T0, "a.example.com"));
        String db = "sqlite:" + tmp.resolve("e.db");
        io.egressguard.collector.drain.StopSignal stop = new io.egressguard.collector.drain.StopSignal();
        java.util.concurrent.CompletableFuture<CliRun> drain = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CliRun.run(stop, "drain", "--queue", queue.toString(), "--store", db, "--follow", "--poll", "20ms"));
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!(java.nio.file.Files.exists(tmp.resolve("e.db"))
                    && Db.count(tmp.resolve("e.db"), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events'") == 1
                    && Db.count(tmp.resolve("e.db"), "SELECT COUNT(*) FROM events") == 5)) {
                assertTrue(System.nanoTime() < deadline, "the drain did not store the events");
                Thread.sleep(20);
            }
            long start = System.nanoTime();
            CliRun status = CliRun.run("drain", "--queue", queue.toString(), "--store", db, "--status");
            assertEquals(0, status.code(), status::toString);
            assertEquals("ok", EventCodec.mapper().readTree(status.out()).at("/stores").get(db).get("state").asText(), status::toString);
            CliRun report = CliRun.run("report", "--store", db);
            assertEquals(0, report.code(), report::toString);
            assertTrue(report.out().contains("a.example.com"), report::toString);
            CliRun events = CliRun.run("events", "--store", db, "--format", "jsonl");
            assertEquals(5, events.outLines().size(), events::toString);
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "no reader waited for the drain's lock");
            assertTrue(!drain.isDone(), "the drain still runs");
        } finally {
            stop.stop();
        }
        assertEquals(0, drain.get(20, java.util.concurrent.TimeUnit.SECONDS).code());
    }

    @Test
    void aFollowingDrainLogsItsStatusLineAndStatusReportsWhatItCommitted() throws Exception {
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(30, T0, "a.example.com"));
        String db = "sqlite:" + tmp.resolve("e.db");
        String jsonl = "jsonl:" + tmp.resolve("e.jsonl");
        StopSignal stop = new StopSignal();
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.create(stop);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        // Not a terminal (captured stderr): the status is logged as whole lines, here every 100 ms.
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> cli.execute("drain", "--queue", queue.toString(),
                "--store", db, "--store", jsonl, "--follow", "--poll", "20ms", "--status-every", "100ms"));
        try {
            awaitLine(err, "sqlite: 30 stored", "; lag jvm-a=0; " + db + " 30 stored; " + jsonl + " 30 stored");
            List<Long> b = Journals.appendEvents(queue.resolve("jvm-b"), Journals.events(12, T0 + 1_000_000_000L, "b.example.com"));
            List<Long> a = Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(5, T0 + 2_000_000_000L, "a.example.com"));
            String caughtUp = "; lag jvm-a=0 jvm-b=0; " + db + " 47 stored; " + jsonl + " 47 stored";
            String line = awaitLine(err, "a journal that appeared later", caughtUp);
            assertTrue(line.matches("drain: [0-9,]+ events/s" + java.util.regex.Pattern.quote(caughtUp)), line);
            assertTrue(err.toString().lines().anyMatch(l -> l.matches("drain: [1-9][0-9,]* events/s; .*")),
                    "some line shows the drain moving:\n" + err);

            // Asked from another process while the drain runs: the positions it committed, no lag.
            CliRun running = CliRun.run("drain", "--queue", queue.toString(), "--store", db, "--store", jsonl, "--status");
            assertEquals(0, running.code(), running::toString);
            JsonNode status = EventCodec.mapper().readTree(running.out());
            for (String store : List.of(db, jsonl)) {
                JsonNode s = status.at("/stores").get(store);
                assertEquals("ok", s.get("state").asText(), running::toString);
                assertEquals(0, s.get("lag").asLong(), running::toString);
                assertEquals(a.get(4).longValue(), s.at("/journals/jvm-a/committed").asLong(), running::toString);
                assertEquals(b.get(11).longValue(), s.at("/journals/jvm-b/committed").asLong(), running::toString);
            }
        } finally {
            stop.stop();
        }
        assertEquals(0, follow.get(30, TimeUnit.SECONDS), err::toString);
        assertEquals(47, Db.count(tmp.resolve("e.db"), "SELECT COUNT(*) FROM events"));

        // Stopped, with 6 more in one journal: both stores lag by exactly those.
        Journals.appendEvents(queue.resolve("jvm-b"), Journals.events(6, T0 + 3_000_000_000L, "b.example.com"));
        CliRun stopped = CliRun.run("drain", "--queue", queue.toString(), "--store", db, "--store", jsonl, "--status");
        JsonNode status = EventCodec.mapper().readTree(stopped.out());
        for (String store : List.of(db, jsonl)) {
            assertEquals(6, status.at("/stores").get(store).get("lag").asLong(), stopped::toString);
            assertEquals(6, status.at("/stores").get(store).at("/journals/jvm-b/lag").asLong(), stopped::toString);
            assertEquals(0, status.at("/stores").get(store).at("/journals/jvm-a/lag").asLong(), stopped::toString);
        }
    }

    /** Waits for a logged status line ending with {@code tail}; returns it. */
    private static String awaitLine(StringWriter err, String what, String tail) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            java.util.Optional<String> line = err.toString().lines().filter(l -> l.startsWith("drain: ") && l.endsWith(tail)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no status line for " + what + " ending '" + tail + "' in 30 s:\n" + err);
    }

    @Test
    void theStatusLineShowsRateLagPerJournalAndEachStoreOrWhyItIsPaused() {
        io.egressguard.collector.drain.Status.Snapshot s = new io.egressguard.collector.drain.Status.Snapshot(1234.4,
                java.util.Map.of("jvm-a", 99L), List.of(
                new io.egressguard.collector.drain.Status.StoreFigures(new io.egressguard.collector.drain.Status.StoreInput(
                        "sqlite:e.db", java.util.Map.of("jvm-a", 90L), null, 5000L), java.util.Map.of("jvm-a", 9L)),
                new io.egressguard.collector.drain.Status.StoreFigures(new io.egressguard.collector.drain.Status.StoreInput(
                        "postgresql://127.0.0.1/db", null, "cannot be opened: refused", 0L), java.util.Map.of("jvm-a", 100L))));
        assertEquals("drain: 1,234 events/s; lag jvm-a=100; sqlite:e.db 5,000 stored; postgresql://127.0.0.1/db PAUSED"
                + " (cannot be opened: refused)", io.egressguard.collector.drain.Status.line(s));
    }

    @Test
    void purgeTrimsSqliteAndSaysHowManyRowsWent() throws Exception {
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(12, T0, "a.example.com"));
        Path db = tmp.resolve("e.db");
        assertEquals(0, CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db).code());
        // T0 + 5 ms: events 0..4 are older.
        String cut = java.time.Instant.ofEpochSecond(0, T0 + 5_000_000L).toString();
        CliRun run = CliRun.run("purge", "--store", "sqlite:" + db, "--older-than", cut);
        assertEquals(0, run.code(), run::toString);
        assertEquals(List.of("purged 5 events older than " + cut + " from sqlite:" + db), run.outLines());
        assertEquals(7, Db.count(db, "SELECT COUNT(*) FROM events"));
        CliRun drained = CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db);
        assertEquals(List.of("drained 0 new events from 1 journals into sqlite:" + db), drained.outLines(), "purged rows stay purged");

        CliRun missing = CliRun.run("purge", "--store", "sqlite:" + db);
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("--older-than"), missing::toString);
    }
}
