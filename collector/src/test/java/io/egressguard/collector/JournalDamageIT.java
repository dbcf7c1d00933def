package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.itapps.PacedBlocked;
import io.egressguard.event.EventCodec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a journal the packaged agent wrote, the ways disks and operators do, and checks for each
 * kind exactly which records are lost: none after the damage, no altered or invented record in any
 * store, and the exit code and message. The expectations come from walking the undamaged file
 * with a walker of this test's own (headers and frames only), not from the collector's reader.
 */
class JournalDamageIT {
    private static final int ATTEMPTS = 2000;

    @TempDir
    static Path made;
    @TempDir
    Path tmp;

    private static Path cleanQueue;
    private static Path journalName;
    private static List<Rec> records;
    /** Events the agent put in its spill file rather than Chronicle (before Chronicle was ready): stored whatever the damage. */
    private static Set<String> spilled;

    record Rec(int offset, int end, long index, String id) {
    }

    @BeforeAll
    static void agentWritesAJournal() throws Exception {
        cleanQueue = made.resolve("queue");
        Path jdk = AgentRuns.jdks().get(0);
        String args = "policy=" + AgentRuns.denyCanaryPolicy(made) + ",queue=" + cleanQueue
                + ",fold.window=0,shutdown.wait=5000";
        try (var canary = new AgentRuns.Canary()) {
            Process app = AgentRuns.start(jdk, made.resolve("app"), args, PacedBlocked.class.getName(),
                    "127.0.0.2", String.valueOf(canary.port()), String.valueOf(ATTEMPTS), "2");
            assertTrue(app.waitFor(180, TimeUnit.SECONDS));
            assertEquals(0, app.exitValue(), () -> read(made.resolve("app/err.txt")) + read(made.resolve("app/out.txt")));
            assertTrue(read(made.resolve("app/out.txt")).contains("RESULT blocked=" + ATTEMPTS + " other=0"));
            assertEquals(0, canary.connections());
        }
        journalRecords();
        records = walk(cycleFile(cleanQueue));
        assertTrue(records.size() > 500, "the journal holds " + records.size() + " records");
        // retention removes a drained journal of a JVM that is gone: every drain reads a copy
        CliRun all = drain(copyTo(made.resolve("drained")), made.resolve("clean.db"));
        assertEquals(0, all.code(), all::toString);
        Set<String> stored = new HashSet<>(Db.strings(made.resolve("clean.db"), "SELECT id FROM events"));
        spilled = new HashSet<>(stored);
        records.forEach(r -> spilled.remove(r.id));
        assertEquals(ATTEMPTS, stored.size(), "an undamaged journal drains whole");
    }

    @Test
    void oneBitFlippedInALengthHeaderLosesThatRecordOnly() throws Exception {
        Rec victim = records.get(records.size() / 2);
        Path queue = copy();
        flipBit(cycleFile(queue), victim.offset + 2, 1); // bit 17 of the length: 128 KiB longer, over many records
        expectLoss(queue, r -> r == victim, "fails its checksum");
    }

    @Test
    void bitsFlippedInsideTheJsonLoseThatRecordOnly() throws Exception {
        Rec victim = records.get(records.size() / 3);
        Path queue = copy();
        flipBit(cycleFile(queue), victim.offset + 4 + 16 + 30, 0);
        flipBit(cycleFile(queue), victim.offset + 4 + 16 + 31, 6); // a hex digit of the id into a letter beyond 'f'
        expectLoss(queue, r -> r == victim, "fails its checksum");
    }

    @Test
    void aZeroedBlockLosesTheRecordsItTouchesAndNothingAfter() throws Exception {
        int block = blockInTheMiddle();
        Path queue = copy();
        write(cycleFile(queue), block, new byte[4096]);
        expectLoss(queue, r -> r.end > block && r.offset < block + 4096, "");
    }

    @Test
    void aRandomisedBlockLosesTheRecordsItTouchesAndNothingAfter() throws Exception {
        int block = blockInTheMiddle() + 8192;
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        Path queue = copy();
        write(cycleFile(queue), block, noise);
        expectLoss(queue, r -> r.end > block && r.offset < block + 4096, "");
    }

    @Test
    void aCycleFileCutToZeroIsReportedInOneLineAndSkippedAtOnce() throws Exception {
        Path queue = copy();
        Path file = cycleFile(queue);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
        }
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000)); // left by a crash
        long t0 = System.nanoTime();
        CliRun run = drain(queue, tmp.resolve("e.db"));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "bounded time");
        assertEquals(4, run.code(), run::toString);
        assertEquals(1, run.errLines().stream().filter(l -> l.contains("empty (0 bytes)")).count(), run::toString);
        assertEquals(spilled, new HashSet<>(Db.strings(tmp.resolve("e.db"), "SELECT id FROM events")));
    }

    @Test
    void aCycleFileCutInHalfKeepsWhatCameBeforeTheCut() throws Exception {
        Rec middle = records.get(records.size() / 2);
        int cut = middle.offset + 7; // mid-record
        Path queue = copy();
        try (RandomAccessFile f = new RandomAccessFile(cycleFile(queue).toFile(), "rw")) {
            f.setLength(cut);
        }
        CliRun run = drain(queue, tmp.resolve("e.db"));
        assertEquals(4, run.code(), run::toString);
        assertTrue(run.err().contains("cut short"), run::toString);
        Set<String> expected = new HashSet<>(spilled);
        records.stream().filter(r -> r.end <= cut).forEach(r -> expected.add(r.id));
        assertEquals(expected, new HashSet<>(Db.strings(tmp.resolve("e.db"), "SELECT id FROM events")));
        assertEquals(List.of(Long.toHexString(middle.index)),
                Db.strings(tmp.resolve("e.db"), "SELECT printf('%x', first_index) FROM damaged WHERE last_index IS NULL"));
    }

    /**
     * {@code tail} first reads the damaged copy without a stack trace and says what was lost; then a
     * drain into SQLite, JSON lines and PostgreSQL at once: exactly the expected records missing from both,
     * every stored record byte-identical to the undamaged drain's, the damaged table naming the lost
     * indexes (PostgreSQL alike), exit 4, the same stderr line from each store, and 0 with --accept-damage.
     */
    private void expectLoss(Path queue, Predicate<Rec> lost, String reason) throws Exception {
        Path db = tmp.resolve("e.db");
        Path jsonl = tmp.resolve("e.jsonl");
        String cycleName = cycleFile(queue).getFileName().toString(); // retention may remove the journal of a JVM that is gone
        CliRun tail = CliRun.run("tail", "--queue", queue.toString(), "--from-start", "--limit", String.valueOf(records.size() - records.stream().filter(lost).count() + spilled.size()),
                "--timeout", "20s");
        assertEquals(0, tail.code(), tail::toString);
        assertFalse(tail.err().contains("Exception") || tail.err().contains("Error"), tail::toString);
        assertTrue(tail.err().contains(" lost ("), tail::toString);
        try (Pg pg = Pg.schema()) {
            CliRun run = CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db, "--store", "jsonl:" + jsonl,
                    "--store", pg.url());
            expectLoss(run, queue, cycleName, db, jsonl, pg, lost, reason);
        }
    }

    private void expectLoss(CliRun run, Path queue, String cycleName, Path db, Path jsonl, Pg pg, Predicate<Rec> lost,
                            String reason) throws Exception {
        assertEquals(4, run.code(), run::toString);
        List<Rec> gone = records.stream().filter(lost).toList();
        assertFalse(gone.isEmpty());
        Set<String> expected = new HashSet<>(spilled);
        records.stream().filter(lost.negate()).forEach(r -> expected.add(r.id));
        assertEquals(expected, new HashSet<>(Db.strings(db, "SELECT id FROM events")), "exactly the damaged records are missing");
        assertEquals(expected, new HashSet<>(pg.strings("SELECT id FROM events")), "PostgreSQL too");
        assertEquals(Db.strings(db, "SELECT first_index || ':' || last_index FROM damaged ORDER BY first_index"),
                pg.strings("SELECT first_index || ':' || last_index FROM damaged ORDER BY first_index"));
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(expected, lines.stream().map(JournalDamageIT::idOf).collect(Collectors.toSet()));
        assertEquals(expected.size(), lines.size());
        Set<String> cleanJson = new HashSet<>(Db.strings(made.resolve("clean.db"), "SELECT json FROM events"));
        for (String json : Db.strings(db, "SELECT json FROM events")) {
            assertTrue(cleanJson.contains(json), "no altered record: " + json);
        }
        // the damaged table names exactly the lost indexes, as one range per stretch
        Set<Long> recorded = new TreeSet<>();
        for (String row : Db.strings(db, "SELECT first_index || ':' || last_index FROM damaged")) {
            long first = Long.parseLong(row.split(":")[0]);
            long last = Long.parseLong(row.split(":")[1]);
            for (long i = first; i <= last; i++) {
                recorded.add(i);
            }
        }
        assertEquals(gone.stream().map(Rec::index).collect(Collectors.toCollection(TreeSet::new)), recorded, run::toString);
        // each store's reader reports what it passed: one line per store, the same line
        List<String> damageLines = run.errLines().stream().filter(l -> l.contains(" lost (")).distinct().toList();
        assertEquals(1, damageLines.size(), run::toString);
        assertEquals(3, run.errLines().stream().filter(l -> l.contains(" lost (")).count(), run::toString);
        assertTrue(damageLines.get(0).contains(journalName + ", cycle file " + cycleName)
                && damageLines.get(0).contains(reason), damageLines::toString);
        assertTrue(Files.readAllLines(Path.of(jsonl + ".damaged")).size() == 1, "the JSON lines store keeps the damage beside it");

        CliRun again = CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db, "--accept-damage");
        assertEquals(0, again.code(), again::toString);
        assertEquals(expected.size(), Db.count(db, "SELECT COUNT(*) FROM events"));
    }

    private static int journalRecords() throws IOException {
        if (!Files.isDirectory(cleanQueue)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(cleanQueue)) {
            Path dir = dirs.filter(Files::isDirectory).findFirst().orElse(null);
            if (dir == null) {
                return 0;
            }
            journalName = dir.getFileName();
        }
        try (Stream<Path> files = Files.list(cleanQueue.resolve(journalName))) {
            if (files.noneMatch(f -> f.toString().endsWith(".cq4"))) {
                return 0;
            }
        }
        return walk(cycleFile(cleanQueue)).size();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String idOf(String line) {
        try {
            JsonNode n = EventCodec.mapper().readTree(line);
            return n.get("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int blockInTheMiddle() {
        int middle = records.get(records.size() / 2).offset;
        return middle & ~4095;
    }

    private Path copy() throws IOException {
        return copyTo(tmp.resolve("queue"));
    }

    private static Path copyTo(Path queue) throws IOException {
        try (Stream<Path> all = Files.walk(cleanQueue)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.naturalOrder())::iterator) {
                Path to = queue.resolve(cleanQueue.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return queue;
    }

    private static CliRun drain(Path queue, Path db) {
        return CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db);
    }

    private static Path cycleFile(Path queue) throws IOException {
        try (Stream<Path> files = Files.list(queue.resolve(journalName))) {
            List<Path> cycles = files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
            assertEquals(1, cycles.size(), "one cycle file: " + cycles);
            return cycles.get(0);
        }
    }

    /** The test's own walk of an undamaged cycle file: 4-byte headers, metadata skipped, frames' index and the event id. */
    private static List<Rec> walk(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Rec> out = new ArrayList<>();
        int p = 0;
        while (p + 4 <= b.limit()) {
            int h = b.getInt(p);
            if (h == 0 || h == 0xC0000000) {
                break;
            }
            int len = h & 0x3FFFFFFF;
            if ((h & 0x40000000) == 0) {
                assertEquals(0x31524745, b.getInt(p + 4), "framed at " + p);
                byte[] json = new byte[len - 16];
                b.get(p + 20, json);
                out.add(new Rec(p, p + 4 + len, b.getLong(p + 12), idOf(new String(json, java.nio.charset.StandardCharsets.UTF_8))));
            }
            p = (p + 4 + len + 3) & ~3;
        }
        return out;
    }

    private static void flipBit(Path file, long at, int bit) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int v = f.read();
            f.seek(at);
            f.write(v ^ (1 << bit));
        }
    }

    private static void write(Path file, long at, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(bytes);
        }
    }
}
