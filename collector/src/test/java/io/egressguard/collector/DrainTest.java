package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.drain.DrainStats;
import io.egressguard.collector.drain.Drainer;
import io.egressguard.collector.drain.StopSignal;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.ReportRows;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainTest {
    private static final long T0 = 1_780_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private Path queue() {
        return tmp.resolve("queue");
    }

    private Path db() {
        return tmp.resolve("store/egressguard.db");
    }

    private String store() {
        return "sqlite:" + db();
    }

    private CliRun drain(String... extra) {
        List<String> args = new ArrayList<>(List.of("drain", "--queue", queue().toString(), "--store", store()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static Set<String> ids(List<Event> events) {
        return events.stream().map(e -> e.id).collect(Collectors.toSet());
    }

    @Test
    void drainsEveryEventOfTwoJournalsAndAReRunAddsNothing() throws Exception {
        List<Event> a = Journals.events(250, T0, "a.tracker.io");
        List<Event> b = Journals.events(170, T0 + 500, "b.example.com");
        Journals.appendEvents(queue().resolve("jvm-a"), a);
        Journals.appendEvents(queue().resolve("jvm-b"), b);

        CliRun first = drain("--batch-size", "100");
        assertEquals(0, first.code(), first::toString);
        assertEquals(List.of("drained 420 new events from 2 journals into " + store()), first.outLines());
        assertEquals("", first.err());
        Set<String> expected = ids(a);
        expected.addAll(ids(b));
        assertEquals(expected, new HashSet<>(Db.strings(db(), "SELECT id FROM events")));
        assertEquals(250, Db.count(db(), "SELECT COUNT(*) FROM events WHERE journal = 'jvm-a'"));

        CliRun again = drain();
        assertEquals(0, again.code(), again::toString);
        assertEquals(List.of("drained 0 new events from 2 journals into " + store()), again.outLines());
        assertEquals(420, Db.count(db(), "SELECT COUNT(*) FROM events"));
    }

    @Test
    void aJournalAppendedToAfterADrainGivesOnlyItsNewEvents() throws Exception {
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(30, T0, "a.example.com"));
        assertEquals(0, drain().code());

        List<Event> more = Journals.events(12, T0 + 1_000_000_000L, "later.example.com");
        List<Long> indexes = Journals.appendEvents(queue().resolve("jvm-a"), more);
        Journals.appendEvents(queue().resolve("jvm-c"), Journals.events(5, T0, "c.example.com"));

        CliRun second = drain();
        assertEquals(List.of("drained 17 new events from 2 journals into " + store()), second.outLines(), second::toString);
        assertEquals(47, Db.count(db(), "SELECT COUNT(*) FROM events"));
        assertEquals(indexes.get(indexes.size() - 1),
                Db.count(db(), "SELECT last_index FROM journal_positions WHERE journal = 'jvm-a'"));
    }

    @Test
    void aCorruptEntryIsReportedOnceWithItsDirAndIndexAndSkipped() throws Exception {
        Event before = Journals.event(T0, "a.example.com", 443, io.egressguard.event.Action.BLOCKED, 1);
        Event after = Journals.event(T0 + 1, "b.example.com", 443, io.egressguard.event.Action.BLOCKED, 1);
        byte[] truncated = java.util.Arrays.copyOf(io.egressguard.event.EventCodec.encode(after), 40);
        Event last = Journals.event(T0 + 2, "c.example.com", 443, io.egressguard.event.Action.BLOCKED, 1);
        List<Long> indexes = Journals.append(queue().resolve("jvm-a"), List.of(
                io.egressguard.event.EventCodec.encode(before), Journals.garbage(),
                io.egressguard.event.EventCodec.encode(after), truncated, io.egressguard.event.EventCodec.encode(last)));

        CliRun run = drain();
        assertEquals(4, run.code(), "records that are no events are lost data: " + run);
        Path dir = queue().resolve("jvm-a");
        assertEquals(2, run.errLines().size(), run::toString);
        assertTrue(run.errLines().get(0).startsWith("journal " + dir + " index " + Long.toHexString(indexes.get(1)) + ": "),
                run::toString);
        assertTrue(run.errLines().get(1).startsWith("journal " + dir + " index " + Long.toHexString(indexes.get(3)) + ": "),
                run::toString);
        assertTrue(run.out().contains("(2 corrupt entries skipped)"), run::toString);
        assertEquals(Set.of(before.id, after.id, last.id), new HashSet<>(Db.strings(db(), "SELECT id FROM events")));

        CliRun again = drain();
        assertEquals("", again.err(), "reported once, not on every drain");
        assertEquals(0, again.code(), again::toString);
        assertEquals(List.of(Long.toHexString(indexes.get(1)), Long.toHexString(indexes.get(3))),
                Db.strings(db(), "SELECT printf('%x', first_index) FROM damaged ORDER BY first_index"));
        CliRun status = CliRun.run("drain", "--queue", queue().toString(), "--store", store(), "--status");
        assertEquals(0, status.code(), status::toString);
        com.fasterxml.jackson.databind.JsonNode damaged = io.egressguard.event.EventCodec.mapper().readTree(status.out())
                .get("stores").get(store()).get("damaged");
        assertEquals(2, damaged.size(), status::toString);
        assertEquals(indexes.get(1).longValue(), damaged.get(0).get("firstIndex").asLong());
        assertEquals(1, damaged.get(0).get("count").asInt());
        assertEquals("jvm-a", damaged.get(0).get("journal").asText());
    }

    @Test
    void aStoreFailingHalfWayThroughABatchLosesAndDuplicatesNothing() throws Exception {
        List<Event> events = Journals.events(300, T0, "a.example.com");
        List<Long> indexes = Journals.appendEvents(queue().resolve("jvm-a"), events);
        assertEquals(0, drain("--batch-size", "1").code()); // creates the schema with the first event
        Db.exec(db(), "DELETE FROM events");
        Db.exec(db(), "DELETE FROM journal_positions");
        // The 150th insert fails inside the second batch of 100, after 49 rows of it went in.
        Db.exec(db(), "CREATE TRIGGER crash BEFORE INSERT ON events WHEN NEW.id = '" + events.get(149).id
                + "' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END");

        CliRun crashed = drain("--batch-size", "100");
        assertEquals(1, crashed.code(), crashed::toString);
        assertEquals(1, crashed.errLines().size(), crashed::toString);
        assertTrue(crashed.err().startsWith("egressguard drain: store " + store() + ": cannot commit 100 events: "), crashed::toString);
        assertTrue(crashed.err().contains("simulated crash"), crashed::toString);
        assertEquals(100, Db.count(db(), "SELECT COUNT(*) FROM events"), "the first batch only");
        assertEquals(indexes.get(99), Db.count(db(), "SELECT last_index FROM journal_positions"));

        Db.exec(db(), "DROP TRIGGER crash");
        CliRun resumed = drain("--batch-size", "100");
        assertEquals(List.of("drained 200 new events from 1 journals into " + store()), resumed.outLines(), resumed::toString);
        assertEquals(ids(events), new HashSet<>(Db.strings(db(), "SELECT id FROM events")));
    }

    @Test
    void aDrainStoppedBetweenBatchesResumesWhereItCommitted() throws Exception {
        List<Event> events = Journals.events(250, T0, "a.example.com");
        Journals.appendEvents(queue().resolve("jvm-a"), events);
        StopSignal stop = new StopSignal();
        try (SqliteEventStore sqlite = SqliteEventStore.open(db(), true)) {
            sqlite.migrate();
            EventStore stopAfterFirstCommit = new StopAfterCommit(sqlite, stop);
            try (Drainer drainer = new Drainer(queue(), stopAfterFirstCommit, 100, line -> { })) {
                DrainStats stats = drainer.drainAvailable(stop, new DrainStats());
                assertEquals(100, stats.stored());
            }
        }
        assertEquals(100, Db.count(db(), "SELECT COUNT(*) FROM events"));
        CliRun rest = drain("--batch-size", "100");
        assertEquals(List.of("drained 150 new events from 1 journals into " + store()), rest.outLines(), rest::toString);
        assertEquals(ids(events), new HashSet<>(Db.strings(db(), "SELECT id FROM events")));
    }

    @Test
    void aLostPositionReadsTheJournalAgainButStoresNothingTwice() throws Exception {
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(40, T0, "a.example.com"));
        assertEquals(0, drain().code());
        Db.exec(db(), "DELETE FROM journal_positions");

        CliRun again = drain();
        assertEquals(List.of("drained 0 new events from 1 journals into " + store() + " (40 already stored)"), again.outLines());
        assertEquals(40, Db.count(db(), "SELECT COUNT(*) FROM events"));
    }

    @Test
    void theDatabaseAndItsWalFilesAreOwnerOnly() throws Exception {
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(3, T0, "a.example.com"));
        try (SqliteEventStore store = SqliteEventStore.open(db(), true)) {
            store.migrate();
            try (Drainer drainer = new Drainer(queue(), store, 10, line -> { })) {
                drainer.drainAvailable(new StopSignal(), new DrainStats());
            }
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path file = Path.of(db() + suffix);
                assertTrue(Files.exists(file), file + " exists while the store is open");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db().getParent())));
        }
    }

    /** A batch ends at 16 MiB of records too: events with 1 MiB previews must not make gigabyte batches. */
    @Test
    void largeEventsMakeBatchesBoundedInBytesAndAllArrive() throws Exception {
        List<Event> events = Journals.events(48, T0, "a.example.com");
        for (Event e : events) {
            e.payload = new io.egressguard.event.Payload();
            e.payload.preview = "x".repeat(1 << 20);
            e.payload.size = 1 << 20;
        }
        Journals.appendEvents(queue().resolve("jvm-a"), events);
        List<Integer> sizes = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        Map<String, Long> committed = new java.util.HashMap<>();
        Set<String> ids = new HashSet<>();
        io.egressguard.collector.store.EventSink recording = new io.egressguard.collector.store.EventSink() {
            @Override
            public void migrate() {
            }

            @Override
            public Map<String, Long> positions() {
                return committed;
            }

            @Override
            public int commit(List<StoredEvent> batch, List<io.egressguard.collector.store.Damage> damaged, Map<String, Long> positions) {
                sizes.add(batch.size());
                bytes.add(batch.stream().mapToLong(e -> e.utf8().length).sum());
                batch.forEach(e -> ids.add(e.event().id));
                committed.putAll(positions);
                return batch.size();
            }

            @Override
            public void close() {
            }
        };
        try (Drainer drainer = new Drainer(queue(), recording, 5000, m -> { })) {
            assertEquals(null, drainer.drainOnce(new StopSignal()).get(0).failure());
        }
        assertEquals(ids(events), ids, "every event, once");
        assertTrue(sizes.size() >= 3, "48 MiB of records in batches of at most ~16 MiB: " + sizes);
        for (long b : bytes) {
            assertTrue(b < 17L << 20, "a batch of " + b + " bytes: " + bytes);
        }
    }

    @Test
    void aRecordSpanningLinesIsStoredAsOneLine() throws Exception {
        Event a = Journals.event(T0, "a.example.com", 443, io.egressguard.event.Action.BLOCKED, 1);
        Event b = Journals.event(T0 + 1, "b.example.com", 443, io.egressguard.event.Action.BLOCKED, 1);
        byte[] pretty = io.egressguard.event.EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(a);
        byte[] trailing = (new String(io.egressguard.event.EventCodec.encode(b), java.nio.charset.StandardCharsets.UTF_8) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Journals.append(queue().resolve("jvm-a"), List.of(pretty, trailing));
        Path file = tmp.resolve("out.jsonl");
        CliRun run = CliRun.run("drain", "--queue", queue().toString(), "--store", "jsonl:" + file);
        assertEquals(0, run.code(), run::toString);
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("{\"") && lines.get(0).contains(a.id), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"") && lines.get(1).contains(b.id), lines.get(1));
    }

    @Test
    void eventsWithoutTheirJvmTakeItFromJvmJson() throws Exception {
        Path dir = queue().resolve("jvm-x");
        Journals.writeJvm(dir, Journals.jvm("jvm-x", 777));
        Event bare = Journals.event(T0, "a.example.com", 443, io.egressguard.event.Action.BLOCKED, 1);
        bare.jvm = null;
        Journals.appendEvents(dir, List.of(bare));
        assertEquals(0, drain().code());
        assertEquals(777, Db.count(db(), "SELECT jvm_pid FROM events"));
        assertTrue(Db.strings(db(), "SELECT json FROM events").get(0).contains("\"pid\":777"));
    }

    @Test
    void followPicksUpJournalsThatAppearLaterAndStopsAfterCommitting() throws Exception {
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(20, T0, "a.example.com"));
        StopSignal stop = new StopSignal();
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.run(stop,
                "drain", "--queue", queue().toString(), "--store", store(), "--follow", "--poll", "20ms"));
        awaitRows(20);
        Journals.appendEvents(queue().resolve("jvm-b"), Journals.events(7, T0, "b.example.com"));
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(3, T0 + 1_000_000_000L, "a.example.com"));
        awaitRows(30);
        assertFalse(running.isDone());
        stop.stop();
        CliRun run = running.get(10, TimeUnit.SECONDS);
        assertEquals(0, run.code(), run::toString);
        assertEquals(List.of("drained 30 new events from 2 journals into " + store()), run.outLines());
    }

    private void awaitRows(long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(db()) && Db.count(db(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events'") == 1
                    && Db.count(db(), "SELECT COUNT(*) FROM events") >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("store did not reach " + n + " events");
    }

    /** A store that asks the drain to stop after its first commit, like a SIGTERM between batches. */
    private static final class StopAfterCommit implements EventStore {
        private final EventStore delegate;
        private final StopSignal stop;

        StopAfterCommit(EventStore delegate, StopSignal stop) {
            this.delegate = delegate;
            this.stop = stop;
        }

        @Override
        public int commit(List<StoredEvent> events, List<io.egressguard.collector.store.Damage> damaged, Map<String, Long> positions) {
            int n = delegate.commit(events, damaged, positions);
            stop.stop();
            return n;
        }

        @Override
        public void migrate() {
            delegate.migrate();
        }

        @Override
        public Map<String, Long> positions() {
            return delegate.positions();
        }

        @Override
        public void forEachEventJson(EventFilter filter, Consumer<String> sink) {
            delegate.forEachEventJson(filter, sink);
        }

        @Override
        public ReportRows.Summary summary(EventFilter filter) {
            return delegate.summary(filter);
        }

        @Override
        public List<ReportRows.Destination> byDestination(EventFilter filter, int limit) {
            return delegate.byDestination(filter, limit);
        }

        @Override
        public List<ReportRows.Culprit> byCulprit(EventFilter filter, int limit) {
            return delegate.byCulprit(filter, limit);
        }

        @Override
        public void close() {
        }
    }
}
