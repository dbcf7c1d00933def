package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"drain", "tail", "events", "show", "report"})
    void everyCommandHasHelpWithItsExitCodes(String command) {
        CliRun run = CliRun.run(command, "--help");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("Usage: egressguard " + command), run::toString);
        assertTrue(run.out().contains("Exit codes:"), run::toString);
        assertTrue(run.out().contains("  0   "), run::toString);
        assertTrue(run.out().contains("  1   "), run::toString);
        assertTrue(run.out().contains("  2   "), run::toString);
        assertTrue(run.out().contains(command.equals("tail") ? "--queue=DIR" : "--store=URL"), run::toString);
        assertEquals("", run.err());
    }

    @Test
    void aBadStoreValueIsOneUsageLineNamingOptionAndValue() {
        Path queue = tmp.resolve("queue");
        CliRun run = CliRun.run("drain", "--queue", queue.toString(), "--store", "mysql://db/events");
        assertEquals(2, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("egressguard drain: Invalid value for option '--store' (URL): 'mysql://db/events' is not a store URL"),
                run::toString);
        assertEquals("", run.out());
    }

    @Test
    void reportingFromAWriteOnlyStoreIsOneLineWithoutConnecting() {
        // Nothing listens on port 9: the answer must come without any attempt to reach it.
        CliRun run = CliRun.run("report", "--store", "kafka://127.0.0.1:9/egress");
        assertEquals(1, run.code(), run::toString);
        assertEquals("egressguard report: store kafka://127.0.0.1:9/egress: kafka is write-only; report from SQLite or PostgreSQL\n",
                run.err(), run::toString);
        CliRun jsonl = CliRun.run("events", "--store", "jsonl:" + tmp.resolve("e.jsonl"));
        assertEquals(1, jsonl.code(), jsonl::toString);
        assertTrue(jsonl.err().contains("is write-only"), jsonl::toString);
    }

    @Test
    void aMissingQueueDirIsOneFailureLineAndCreatesNoStore() {
        Path queue = tmp.resolve("no-such-queue");
        Path db = tmp.resolve("e.db");
        CliRun run = CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db);
        assertEquals(1, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertEquals("egressguard drain: queue directory " + queue + " does not exist (check --queue)", run.errLines().get(0));
        assertFalse(Files.exists(db));
    }

    @Test
    void theStackTraceComesOnlyWithTheFlag() {
        Path queue = tmp.resolve("no-such-queue");
        CliRun run = CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + tmp.resolve("e.db"), "--stacktrace");
        assertEquals(1, run.code());
        assertTrue(run.errLines().size() > 3, run::toString);
        assertTrue(run.err().contains("at io.egressguard.collector."), run::toString);
    }

    @Test
    void anEmptyQueueDirIsANoticeNotAnError() throws Exception {
        Path queue = Files.createDirectories(tmp.resolve("queue"));
        Files.createDirectories(queue.resolve("not-a-journal"));
        CliRun run = CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + tmp.resolve("e.db"));
        assertEquals(0, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("no journals under " + queue + " yet"), run::toString);
        assertTrue(run.out().startsWith("drained 0 new events from 0 journals"), run::toString);
    }

    @Test
    void readingAStoreThatDoesNotExistFailsWithoutCreatingIt() {
        Path db = tmp.resolve("missing.db");
        for (String command : new String[] {"events", "report"}) {
            CliRun run = CliRun.run(command, "--store", "sqlite:" + db);
            assertEquals(1, run.code(), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
            assertTrue(run.err().contains("store sqlite:" + db + " does not exist"), run::toString);
        }
        assertFalse(Files.exists(db));
    }

    @Test
    void badFilterValuesAreUsageErrors() {
        CliRun since = CliRun.run("events", "--since", "yesterday");
        assertEquals(2, since.code(), since::toString);
        assertTrue(since.err().contains("'--since': 'yesterday' is neither a duration"), since::toString);
        CliRun action = CliRun.run("events", "--action", "dropped");
        assertEquals(2, action.code(), action::toString);
        assertTrue(action.err().contains("'dropped' is not an action (blocked, monitored or allowed)"), action::toString);
        CliRun unknown = CliRun.run("report", "--colour");
        assertEquals(2, unknown.code(), unknown::toString);
        assertEquals(1, unknown.errLines().size(), unknown::toString);
    }

    /** A duration reaching before what an instant (or an event's nanosecond time) can hold: exit 2, one line, not a DateTimeException. */
    @Test
    void aTimeOutOfRangeIsAUsageErrorNamingTheOption() {
        for (String[] args : new String[][] {{"events", "--since", "99999999999999d"}, {"events", "--since", "200000d"},
                {"report", "--until", "+99999-01-01T00:00:00Z"}, {"alerts", "--since", "999999999w"}}) {
            CliRun run = CliRun.run(args);
            assertEquals(2, run.code(), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
            assertTrue(run.err().contains("'" + args[1] + "': '" + args[2] + "' is out of range"), run::toString);
            assertFalse(run.err().contains("Exception"), run::toString);
        }
    }

    /** drain --follow started before any JVM (and so before the queue directory) waits for it, as it waits for records. */
    @Test
    void aFollowingDrainWaitsForTheQueueDirectoryToAppear() throws Exception {
        Path queue = tmp.resolve("later/queue");
        Path db = tmp.resolve("e.db");
        io.egressguard.collector.drain.StopSignal stop = new io.egressguard.collector.drain.StopSignal();
        java.util.concurrent.CompletableFuture<CliRun> drain = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CliRun.run(stop, "drain", "--queue", queue.toString(), "--store", "sqlite:" + db, "--follow", "--poll", "20ms"));
        try {
            Thread.sleep(300);
            assertFalse(drain.isDone(), () -> "the drain gave up: " + drain.join());
            Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(5, 1_780_000_000_000_000_000L, "a.example.com"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!(Files.exists(db) && Db.count(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events'") == 1
                    && Db.count(db, "SELECT COUNT(*) FROM events") == 5)) {
                assertTrue(System.nanoTime() < deadline, "the drain did not store the events");
                Thread.sleep(20);
            }
        } finally {
            stop.stop();
        }
        CliRun run = drain.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, run.code(), run::toString);
        assertEquals("queue directory " + queue + " does not exist yet: waiting for it", run.errLines().get(0), run::toString);
    }

    /** An unreadable queue directory says why, not the path twice ("cannot list queue directory X: X"). */
    @Test
    void anUnreadableQueueDirectorySaysPermissionDenied() throws Exception {
        Path queue = Files.createDirectories(tmp.resolve("queue"));
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(queue, java.nio.file.attribute.PosixFileAttributeView.class);
        org.junit.jupiter.api.Assumptions.assumeTrue(view != null, "POSIX permissions");
        view.setPermissions(java.util.Set.of());
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(queue), "running as root: permissions do not stop it");
            CliRun run = CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + tmp.resolve("e.db"));
            assertEquals(1, run.code(), run::toString);
            assertEquals(java.util.List.of("egressguard drain: cannot list queue directory " + queue + ": permission denied"),
                    run.errLines(), run::toString);
        } finally {
            view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** The PostgreSQL driver logs WARNING lines through java.util.logging; a bad port must give our one line only. */
    @Test
    void aBadPostgresPortIsOneLineWithoutDriverWarnings() throws Exception {
        java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLoggerName() != null && r.getLoggerName().startsWith("org.postgresql")
                        && r.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
                    logged.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            Journals.appendEvents(tmp.resolve("queue/jvm-a"), Journals.events(1, 1_780_000_000_000_000_000L, "a.example.com"));
            // refused, and out of range (the driver's "JDBC URL port: 99999 not valid" WARNING)
            for (String port : new String[] {Integer.toString(Pg.freePort()), "99999"}) {
                String url = "postgresql://postgres@127.0.0.1:" + port + "/test";
                for (String[] args : new String[][] {{"drain", "--queue", tmp.resolve("queue").toString(), "--store", url},
                        {"events", "--store", url}}) {
                    CliRun run = CliRun.run(args);
                    assertEquals(1, run.code(), run::toString);
                    assertEquals(1, run.errLines().size(), run::toString);
                    assertTrue(run.err().contains(" cannot be opened: "), run::toString);
                }
            }
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(java.util.List.of(), logged.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList(),
                "the driver's own log lines reached the console handlers");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.run();
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains("Missing command"), run::toString);
    }
}
