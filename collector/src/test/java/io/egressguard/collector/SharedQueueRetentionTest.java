package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.consumer.ConsumerEntry;
import io.egressguard.collector.consumer.ConsumerNames;
import io.egressguard.collector.consumer.ConsumerRegistry;
import io.egressguard.collector.drain.Retention;
import io.egressguard.collector.store.StoreUrl;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.JvmInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: retention knows every consumer of the queue. A one-off drain into another store (or
 * into the default store) deletes nothing the registered stores have not drained; {@code consumers
 * remove} lets retention go on without a consumer that is gone; {@code drain --status} shows each
 * consumer's lag.
 */
class SharedQueueRetentionTest {
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path tmp;

    private Path queue() {
        return tmp.resolve("queue");
    }

    private String q() {
        return queue().toString();
    }

    /** A journal of this (live) JVM with {@code n} events in the cycle file of {@code epochMillis}'s hour, dated then. */
    private Path liveEventsAt(long epochMillis, int n, String host) throws Exception {
        Path dir = queue().resolve("jvm-live");
        if (!Files.exists(dir.resolve("jvm.json"))) {
            writeLocalJvm(dir, ProcessHandle.current().pid());
        }
        Journals.appendEventsAt(dir, epochMillis, Journals.events(n, epochMillis * 1_000_000L, host));
        return dir;
    }

    /** The cycle files of the live journal, oldest first, dated by the hour they hold (the drain ages them by mtime). */
    private List<Path> datedCycleFiles(long now, long... hoursAgo) throws Exception {
        List<Path> files = cycleFiles(queue().resolve("jvm-live"));
        for (int i = 0; i < hoursAgo.length; i++) {
            Files.setLastModifiedTime(files.get(i), FileTime.fromMillis(now - hoursAgo[i] * HOUR));
        }
        return files;
    }

    /** The journal of a JVM of this host that has exited: retention may remove it whole once drained. */
    private Path deadJvm(String name, List<Event> events) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dir = queue().resolve(name);
        writeLocalJvm(dir, gone.pid());
        Journals.appendEvents(dir, events);
        return dir;
    }

    private static void writeLocalJvm(Path dir, long pid) throws Exception {
        JvmInfo jvm = Journals.jvm(dir.getFileName().toString(), pid);
        jvm.hostname = Retention.localHostname();
        Journals.writeJvm(dir, jvm);
    }

    private static List<Path> cycleFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".cq4") && !f.toString().endsWith("metadata.cq4t")).sorted().toList();
        }
    }

    private CliRun drain(String... args) {
        String[] all = Stream.concat(Stream.of("drain", "--queue", q()), Stream.of(args)).toArray(String[]::new);
        CliRun run = CliRun.run(all);
        assertEquals(0, run.code(), run::toString);
        return run;
    }

    @Test
    void aOneOffDrainIntoAnotherStoreDeletesNothingTheMainStoresHaveNotDrained() throws Exception {
        try (Pg pg = Pg.schema()) {
            long now = System.currentTimeMillis();
            Path main = tmp.resolve("main.db");
            String[] mainStores = {"--store", "sqlite:" + main, "--store", pg.url()};
            // 100 events: 50 in a live JVM's journal, 50 from a JVM that has exited; both main stores drain them.
            liveEventsAt(now - 5 * HOUR, 50, "five.example.com");
            Path first = deadJvm("jvm-first", Journals.events(50, now * 1_000_000L, "first.example.com"));
            drain(mainStores);
            assertEquals(100, Db.count(main, "SELECT COUNT(*) FROM events"));
            assertEquals(100, pg.count("SELECT COUNT(*) FROM events"));
            assertFalse(Files.exists(first), "both main stores have all of the exited JVM's events");

            // 100 more: the live JVM's later hours, and another JVM that has exited.
            liveEventsAt(now - 3 * HOUR, 40, "three.example.com");
            liveEventsAt(now, 10, "now.example.com");
            List<Path> cycles = datedCycleFiles(now, 5, 3);
            assertEquals(3, cycles.size(), cycles::toString);
            Path second = deadJvm("jvm-second", Journals.events(50, now * 1_000_000L + 1, "second.example.com"));

            // A one-off drain into a scratch store, with a retention that would delete the two older hours.
            Path scratch = tmp.resolve("scratch.db");
            CliRun adHoc = drain("--store", "sqlite:" + scratch, "--retain", "1h");
            assertEquals(150, Db.count(scratch, "SELECT COUNT(*) FROM events"), "the live journal's 100 and the second JVM's 50");
            assertTrue(adHoc.errLines().contains("retention: sqlite:" + scratch + " is not a registered consumer of " + q()
                    + "; nothing will be deleted for it (use --register)"), adHoc::toString);
            assertFalse(adHoc.err().contains("retention: removed"), adHoc::toString);
            assertEquals(cycles, cycleFiles(queue().resolve("jvm-live")), "every cycle file stays");
            assertTrue(Files.exists(second), "the exited JVM's journal stays: the main stores have none of it");

            // The main stores drain again: all 200, and now retention does its work for them.
            drain(Stream.concat(Stream.of(mainStores), Stream.of("--retain", "1h")).toArray(String[]::new));
            assertEquals(200, Db.count(main, "SELECT COUNT(*) FROM events"));
            assertEquals(200, pg.count("SELECT COUNT(*) FROM events"));
            assertEquals(List.of(cycles.get(2)), cycleFiles(queue().resolve("jvm-live")), "the two old hours went");
            assertFalse(Files.exists(second));
        }
    }

    @Test
    void aRegisteredConsumerHoldsRetentionBackUntilItIsRemoved() throws Exception {
        long now = System.currentTimeMillis();
        liveEventsAt(now - 5 * HOUR, 20, "five.example.com");
        String main = "sqlite:" + tmp.resolve("main.db");
        String laggard = "sqlite:" + tmp.resolve("laggard.db");
        String laggardName = ConsumerNames.of(StoreUrl.parse(laggard)).name();
        drain("--store", main);
        CliRun registered = drain("--store", laggard, "--register");
        assertEquals(List.of("retention: registered " + laggard + " as consumer " + laggardName + " of " + q()), registered.errLines());

        liveEventsAt(now - 3 * HOUR, 20, "three.example.com");
        liveEventsAt(now, 5, "now.example.com");
        List<Path> cycles = datedCycleFiles(now, 5, 3);
        CliRun held = drain("--store", main, "--retain", "1h");
        assertEquals("", held.err(), held::toString);
        assertEquals(45, Db.count(tmp.resolve("main.db"), "SELECT COUNT(*) FROM events"));
        assertEquals(cycles, cycleFiles(queue().resolve("jvm-live")), "the laggard has not passed the oldest hour");

        CliRun status = CliRun.run("drain", "--queue", q(), "--store", main, "--status");
        assertEquals(0, status.code(), status::toString);
        JsonNode consumers = EventCodec.mapper().readTree(status.out()).get("consumers");
        assertEquals(2, consumers.size(), status::toString);
        JsonNode lagging = consumers.get(0).get("name").asText().equals(laggardName) ? consumers.get(0) : consumers.get(1);
        JsonNode current = lagging == consumers.get(0) ? consumers.get(1) : consumers.get(0);
        assertEquals("sqlite:" + tmp.resolve("laggard.db"), lagging.get("store").asText());
        assertEquals(25, lagging.get("lag").asLong(), status::toString);
        assertEquals(25, lagging.at("/journals/jvm-live/lag").asLong(), status::toString);
        assertTrue(lagging.get("updated").asText().endsWith("Z"), status::toString);
        assertEquals(0, current.get("lag").asLong(), status::toString);
        assertEquals(ConsumerNames.of(StoreUrl.parse(main)).name(), current.get("name").asText());

        // Silent for longer than the retention: still counted, and named with the command that forgets it.
        CliRun stale = drain("--store", main, "--retain", "1ms");
        assertTrue(stale.errLines().stream().anyMatch(l -> l.startsWith("retention: consumer " + laggardName + " (sqlite:"
                + tmp.resolve("laggard.db") + ") has not updated since ") && l.endsWith("if it is gone for good: egressguard consumers remove "
                + laggardName + " --queue " + q())), stale::toString);
        assertEquals(3, cycleFiles(queue().resolve("jvm-live")).size());

        CliRun list = CliRun.run("consumers", "list", "--queue", q());
        assertEquals(0, list.code(), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(laggardName + "  sqlite:") && l.endsWith("  lag 25")), list::toString);

        CliRun removed = CliRun.run("consumers", "remove", laggardName, "--queue", q());
        assertEquals(0, removed.code(), removed::toString);
        assertEquals(List.of("removed consumer " + laggardName + " (sqlite:" + tmp.resolve("laggard.db") + ") from " + q()
                + "; retention no longer waits for it"), removed.outLines());
        CliRun again = CliRun.run("consumers", "remove", laggardName, "--queue", q());
        assertEquals(2, again.code(), again::toString);
        assertEquals(List.of("egressguard consumers remove: no consumer '" + laggardName + "' in " + queue().resolve("consumers")
                + " ('egressguard consumers list --queue " + q() + "' shows them) (see 'egressguard consumers remove --help')"),
                again.errLines());

        drain("--store", main, "--retain", "1h");
        assertEquals(List.of(cycles.get(2)), cycleFiles(queue().resolve("jvm-live")), "without the laggard the old hours go");
        assertEquals(45, Db.count(tmp.resolve("main.db"), "SELECT COUNT(*) FROM events"));
    }

    @Test
    void anUnreadableEntryStopsRetentionWithOneLineNamingTheFile() throws Exception {
        long now = System.currentTimeMillis();
        liveEventsAt(now - 5 * HOUR, 5, "five.example.com");
        liveEventsAt(now, 5, "now.example.com");
        datedCycleFiles(now, 5);
        String main = "sqlite:" + tmp.resolve("main.db");
        drain("--store", main);
        Path broken = queue().resolve("consumers/sqlite-gone.db-0badf00d.json");
        Files.writeString(broken, "{\"version\":1,");

        CliRun blocked = drain("--store", main, "--retain", "1h");
        assertEquals(1, blocked.errLines().size(), blocked::toString);
        assertTrue(blocked.errLines().get(0).startsWith("retention: consumer entry " + broken + " is unreadable (not JSON: "), blocked::toString);
        assertTrue(blocked.errLines().get(0).endsWith("; nothing is deleted until it is fixed or removed"), blocked::toString);
        assertEquals(2, cycleFiles(queue().resolve("jvm-live")).size());

        assertEquals(0, CliRun.run("consumers", "remove", "sqlite-gone.db-0badf00d", "--queue", q()).code());
        assertEquals("", drain("--store", main, "--retain", "1h").err());
        assertEquals(1, cycleFiles(queue().resolve("jvm-live")).size());
    }

    @Test
    void aFirstDrainWhoseStoreIsNeverReachedLeavesNoConsumerBehind() throws Exception {
        liveEventsAt(System.currentTimeMillis(), 3, "now.example.com");
        String down = "postgresql://postgres@127.0.0.1:" + Pg.freePort() + "/test";
        CliRun run = CliRun.run("drain", "--queue", q(), "--store", down);
        assertEquals(1, run.code(), run::toString);
        assertTrue(ConsumerRegistry.in(queue()).read().isEmpty(), "a store that drained nothing is no consumer");

        String main = "sqlite:" + tmp.resolve("main.db");
        drain("--store", main);
        List<ConsumerEntry> entries = ConsumerRegistry.in(queue()).read().entries();
        assertEquals(List.of(ConsumerNames.of(StoreUrl.parse(main)).name()), entries.stream().map(ConsumerEntry::name).toList(),
                "so the next drain is the queue's first consumer");
        assertEquals(Db.count(tmp.resolve("main.db"), "SELECT last_index FROM journal_positions WHERE journal = 'jvm-live'"),
                entries.get(0).positions().get("jvm-live"), "the entry holds what the store committed");
    }
    @Test
    void aFollowingDrainKeepsItsEntryCurrentWithWhatItCommitted() throws Exception {
        List<Long> first = Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(30, 1_780_000_000_000_000_000L, "a.example.com"));
        String main = "sqlite:" + tmp.resolve("main.db");
        String name = ConsumerNames.of(StoreUrl.parse(main)).name();
        io.egressguard.collector.drain.StopSignal stop = new io.egressguard.collector.drain.StopSignal();
        java.util.concurrent.CompletableFuture<CliRun> follow = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CliRun.run(stop, "drain", "--queue", q(), "--store", main, "--follow", "--poll", "20ms"));
        try {
            awaitPosition(name, first.get(29));
            List<Long> more = Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(5, 1_780_000_001_000_000_000L, "a.example.com"));
            awaitPosition(name, more.get(4));
        } finally {
            stop.stop();
        }
        assertEquals(0, follow.get(30, java.util.concurrent.TimeUnit.SECONDS).code());
        assertEquals(35, Db.count(tmp.resolve("main.db"), "SELECT COUNT(*) FROM events"));
    }

    private void awaitPosition(String consumer, long index) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Long at = ConsumerRegistry.in(queue()).read().find(consumer).map(e -> e.positions().get("jvm-a")).orElse(null);
            if (at != null && at == index) {
                return;
            }
            assertTrue(at == null || at < index, "an entry never runs ahead of its store: " + at);
            assertTrue(System.nanoTime() < deadline, "the entry did not reach " + index + " in 20 s: " + at);
            Thread.sleep(50);
        }
    }

    @Test
    void consumersCommandsNeedAQueueAndAKnownName() throws Exception {
        Files.createDirectories(queue());
        CliRun bare = CliRun.run("consumers");
        assertEquals(2, bare.code(), bare::toString);
        assertEquals(List.of("egressguard consumers: Missing command: list or remove (see 'egressguard consumers --help')"), bare.errLines());
        CliRun noQueue = CliRun.run("consumers", "remove", "sqlite-a.db-00000001");
        assertEquals(2, noQueue.code(), noQueue::toString);
        assertEquals(1, noQueue.errLines().size(), noQueue::toString);
        assertTrue(noQueue.err().contains("--queue"), noQueue::toString);
        CliRun outside = CliRun.run("consumers", "remove", "../jvm-a", "--queue", q());
        assertEquals(2, outside.code(), outside::toString);
        assertEquals(1, outside.errLines().size(), outside::toString);
        assertTrue(outside.err().startsWith("egressguard consumers remove: no consumer '../jvm-a' in "), outside::toString);
        CliRun missing = CliRun.run("consumers", "list", "--queue", tmp.resolve("nope").toString());
        assertEquals(List.of("egressguard consumers list: queue directory " + tmp.resolve("nope") + " does not exist (check --queue)"),
                missing.errLines());
        assertEquals(1, missing.code());
        CliRun empty = CliRun.run("consumers", "list", "--queue", q());
        assertEquals(List.of("no consumers registered in " + q() + " (the next drain registers its stores)"), empty.outLines());
    }
}
