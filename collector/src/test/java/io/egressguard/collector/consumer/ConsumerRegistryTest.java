package io.egressguard.collector.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.Journals;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.store.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerRegistryTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path queue;

    private static ConsumerEntry entry(String name, Map<String, Long> positions) {
        return new ConsumerEntry(name, "sqlite:/var/lib/" + name, T, positions);
    }

    @Test
    void anEntryIsWrittenOwnerOnlyAndReadBackWhole() throws Exception {
        ConsumerRegistry registry = ConsumerRegistry.in(queue);
        registry.write(entry("sqlite-main.db-0a1b2c3d", Map.of("jvm-a", 77L, "jvm-a/spill.log", 4096L)));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(queue.resolve("consumers"))));
        Path file = queue.resolve("consumers/sqlite-main.db-0a1b2c3d.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ConsumerRegistry.Listing listing = registry.read();
        assertEquals(List.of(), listing.unreadable());
        assertEquals(List.of(entry("sqlite-main.db-0a1b2c3d", Map.of("jvm-a", 77L, "jvm-a/spill.log", 4096L))), listing.entries());
        try (Stream<Path> files = Files.list(queue.resolve("consumers"))) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aReplacedEntryIsAlwaysSeenWholeAndWritersOfDifferentEntriesLoseNone() throws Exception {
        ConsumerRegistry registry = ConsumerRegistry.in(queue);
        AtomicBoolean done = new AtomicBoolean();
        List<String> seen = new ArrayList<>();
        // A reader reads as two collectors rewrite their entries; large entries make a torn write likely if one could happen.
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                registry.read().unreadable().forEach(u -> seen.add(u.describe()));
            }
        });
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (String name : List.of("sqlite-a.db-00000001", "postgresql-test-00000002")) {
            writers.add(CompletableFuture.runAsync(() -> {
                for (long round = 0; round < 200; round++) {
                    Map<String, Long> positions = new HashMap<>();
                    for (int j = 0; j < 300; j++) {
                        positions.put("host-" + j + "-4242-1770000000000", round);
                    }
                    registry.write(entry(name, positions));
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();
        done.set(true);
        reader.get();
        assertEquals(List.of(), seen, "a reader never sees half an entry");
        ConsumerRegistry.Listing listing = registry.read();
        assertEquals(2, listing.entries().size(), listing.toString());
        listing.entries().forEach(e -> assertEquals(199L, e.positions().get("host-0-4242-1770000000000")));
    }

    @Test
    void anUnreadableEntryIsReportedNamingItsFile() throws Exception {
        ConsumerRegistry registry = ConsumerRegistry.in(queue);
        registry.write(entry("sqlite-ok.db-00000001", Map.of()));
        Files.writeString(registry.fileOf("sqlite-bad.db-00000002"), "{\"version\":1,\"name\":\"sqlite-bad.db-0");
        Files.writeString(registry.fileOf("sqlite-neg.db-00000003"), "{\"version\":1,\"name\":\"sqlite-neg.db-00000003\","
                + "\"store\":\"sqlite:/x\",\"updated\":\"2026-05-01T12:00:00Z\",\"positions\":{\"jvm-a\":-5}}");
        Files.writeString(registry.dir().resolve("bad name.json"), "{}");
        Files.writeString(registry.dir().resolve("notes.txt"), "not an entry: ignored");
        Files.writeString(registry.dir().resolve(".sqlite-ok.db-00000001.123.tmp"), "{half");

        ConsumerRegistry.Listing listing = registry.read();
        assertEquals(List.of("sqlite-ok.db-00000001"), listing.entries().stream().map(ConsumerEntry::name).toList());
        List<String> problems = listing.unreadable().stream().map(ConsumerRegistry.Unreadable::describe).toList();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("consumer entry " + registry.dir().resolve("bad name.json") + " is unreadable (not a consumer entry"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("consumer entry " + registry.fileOf("sqlite-bad.db-00000002") + " is unreadable (not JSON"),
                problems.get(1));
        assertEquals("consumer entry " + registry.fileOf("sqlite-neg.db-00000003")
                + " is unreadable (position of 'jvm-a' is not a whole number >= 0)", problems.get(2));
        assertFalse(listing.isEmpty());
    }

    @Test
    void removeForgetsOneEntryAndSaysWhetherThereWasOne() {
        ConsumerRegistry registry = ConsumerRegistry.in(queue);
        assertTrue(registry.read().isEmpty(), "no directory is an empty registry");
        registry.write(entry("sqlite-a.db-00000001", Map.of("jvm-a", 1L)));
        registry.write(entry("sqlite-b.db-00000002", Map.of("jvm-a", 2L)));
        assertTrue(registry.remove("sqlite-a.db-00000001"));
        assertFalse(registry.remove("sqlite-a.db-00000001"));
        assertEquals(List.of("sqlite-b.db-00000002"), registry.read().entries().stream().map(ConsumerEntry::name).toList());
    }

    @Test
    void aQueueThatIsNotADirectoryIsOneLineNamingTheFile() {
        ConsumerRegistry registry = ConsumerRegistry.in(queue.resolve("missing"));
        CollectorException e = assertThrows(CollectorException.class, () -> registry.write(entry("sqlite-a.db-00000001", Map.of())));
        assertEquals("cannot write consumer entry " + queue.resolve("missing/consumers/sqlite-a.db-00000001.json")
                + ": no such file or directory", e.getMessage());
    }

    @Test
    void theRegistryIsNeverTakenForAJournalEvenWithAJournalsFiles() throws Exception {
        Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(1, 1_780_000_000_000_000_000L, "a.example.com"));
        ConsumerRegistry.in(queue).write(entry("sqlite-a.db-00000001", Map.of()));
        Files.writeString(queue.resolve("consumers/jvm.json"), "{}");
        Files.writeString(queue.resolve("consumers/19700101-00.cq4"), "");
        assertEquals(List.of("jvm-a"), JournalDir.discover(queue).stream().map(JournalDir::name).toList());
    }

    @Test
    void namesAreStableSecretFreeAndTellStoresApart() {
        ConsumerNames.Identity main = ConsumerNames.of(StoreUrl.parse("sqlite:" + queue.resolve("main.db")));
        assertTrue(main.name().matches("sqlite-main\\.db-[0-9a-f]{8}"), main.name());
        assertEquals("sqlite:" + queue.resolve("main.db"), main.store());
        assertEquals(main, ConsumerNames.of(StoreUrl.parse("sqlite:" + queue.resolve("x/../main.db"))));
        assertNotEquals(main.name(), ConsumerNames.of(StoreUrl.parse("sqlite:" + queue.resolve("other/main.db"))).name());
        Path relative = Path.of("e.db").toAbsolutePath();
        assertEquals("sqlite:" + relative, ConsumerNames.of(StoreUrl.parse("sqlite:e.db")).store());

        ConsumerNames.Identity pg = ConsumerNames.of(StoreUrl.parse("postgresql://eg:s3cret@db:5432/events?currentSchema=eg"));
        assertTrue(pg.name().matches("postgresql-events\\.eg-[0-9a-f]{8}"), pg.name());
        assertFalse(pg.store().contains("s3cret"), pg.store());
        assertEquals(pg.name(), ConsumerNames.of(StoreUrl.parse("postgresql://eg:other@db:5432/events?currentSchema=eg")).name(),
                "a new password is the same store");
        ConsumerNames.Identity jdbc = ConsumerNames.of(StoreUrl.parse("jdbc:postgresql://db/events?user=eg&password=s3cret"));
        assertFalse(jdbc.store().contains("s3cret"), jdbc.store());
        assertTrue(ConsumerEntry.validName(jdbc.name()), jdbc.name());
        assertTrue(ConsumerNames.of(StoreUrl.parse("kafka://127.0.0.1:9092/egress")).name().matches("kafka-egress-[0-9a-f]{8}"));
        assertFalse(ConsumerNames.canConsume(StoreUrl.parse("jsonl:-")), "stdout keeps no positions");
        assertFalse(ConsumerEntry.validName("../etc"));
    }
}
