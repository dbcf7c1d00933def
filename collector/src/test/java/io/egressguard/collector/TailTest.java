package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.journal.JournalReader;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Payload;
import io.egressguard.event.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailTest {
    private static final long T0 = 1_780_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private Path queue() {
        return tmp.resolve("queue");
    }

    private static List<String> hosts(List<String> lines) {
        return lines.stream().map(l -> l.split(" ")[3]).collect(Collectors.toList());
    }

    @Test
    void printsOnlyWhatIsAppendedAfterItStartedAndPicksUpNewJournals() throws Exception {
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(3, T0, "old.example.com"));
        Files.createDirectories(queue().resolve("jvm-empty")); // a journal without cycle files yet
        Journals.writeJvm(queue().resolve("jvm-empty"), Journals.jvm("jvm-empty", 7));
        TailRun tail = TailRun.start("--queue", queue().toString(), "--poll", "20ms");
        assertTrue(tail.err().startsWith("tailing 1 journal under " + queue() + " from the end;"), tail::toString);

        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(2, T0 + 1_000_000_000L, "new.example.com"));
        tail.awaitLines(2);
        Journals.appendEvents(queue().resolve("jvm-late"), Journals.events(2, T0, "late.example.com"));
        Journals.appendEvents(queue().resolve("jvm-empty"), Journals.events(1, T0, "first.example.com"));
        tail.awaitLines(5);
        assertEquals(0, tail.stop(), tail::toString);

        List<String> hosts = hosts(tail.outLines());
        assertEquals(List.of("new.example.com:443", "new.example.com:443"), hosts.subList(0, 2), tail::toString);
        assertEquals(List.of("first.example.com:443", "late.example.com:443", "late.example.com:443"),
                hosts.subList(2, 5).stream().sorted().collect(Collectors.toList()), tail::toString);
        assertEquals(5, tail.outLines().size(), tail::toString);
        assertEquals(1, tail.err().lines().count(), tail::toString);
    }

    @Test
    void linesCarryTimeActionApiDestinationRequestSizeAndCulprit() throws Exception {
        Event e = Journals.event(T0, "metrics.tracker.io", 443, Action.BLOCKED, 1);
        e.request = new Request();
        e.request.method = "POST";
        e.request.url = "https://metrics.tracker.io/v1/collect";
        e.payload = new Payload();
        e.payload.size = 1234;
        Journals.appendEvents(queue().resolve("jvm-a"), List.of(e));
        CliRun run = CliRun.run("tail", "--queue", queue().toString(), "--from-start", "--limit", "1", "--timeout", "20s");
        assertEquals(0, run.code(), run::toString);
        assertEquals(List.of("2026-05-28T20:26:40.000Z blocked okhttp metrics.tracker.io:443 POST https://metrics.tracker.io/v1/collect"
                + " 1234B com.example.Telemetry.send(Telemetry.java:42) [com.example:telemetry:1.2]"), run.outLines());
    }

    @Test
    void fromStartPrintsWhatTheJournalsHoldAndJsonIsTheEvent() throws Exception {
        List<Event> events = Journals.events(3, T0, "old.example.com");
        Journals.appendEvents(queue().resolve("jvm-a"), events);
        CliRun run = CliRun.run("tail", "--queue", queue().toString(), "--from-start", "--json", "--limit", "3", "--timeout", "20s");
        assertEquals(0, run.code(), run::toString);
        List<String> expected = events.stream().map(ev -> new String(EventCodec.encode(ev), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
        assertEquals(expected, run.outLines());

        CliRun timedOut = CliRun.run("tail", "--queue", queue().toString(), "--timeout", "100ms");
        assertEquals(0, timedOut.code(), timedOut::toString);
        assertEquals("", timedOut.out());
    }

    @Test
    void leavesTheDrainsPositionsAndTheJournalMetadataAsTheyAre() throws Exception {
        Path journal = queue().resolve("jvm-a");
        Journals.appendEvents(journal, Journals.events(5, T0, "a.example.com"));
        Path db = tmp.resolve("e.db");
        assertEquals(0, CliRun.run("drain", "--queue", queue().toString(), "--store", "sqlite:" + db).code());
        Journals.appendEvents(journal, Journals.events(3, T0 + 1_000_000_000L, "b.example.com"));
        List<String> positions = Db.strings(db, "SELECT journal || '=' || last_index FROM journal_positions");
        Map<Path, byte[]> metadata = metadataFiles(journal);

        CliRun run = CliRun.run("tail", "--queue", queue().toString(), "--from-start", "--limit", "8", "--timeout", "20s");
        assertEquals(0, run.code(), run::toString);
        assertEquals(8, run.outLines().size(), run::toString);

        assertEquals(positions, Db.strings(db, "SELECT journal || '=' || last_index FROM journal_positions"));
        Map<Path, byte[]> after = metadataFiles(journal);
        assertEquals(metadata.keySet(), after.keySet());
        metadata.forEach((file, bytes) -> assertArrayEquals(bytes, after.get(file), file + " unchanged"));
        CliRun drain = CliRun.run("drain", "--queue", queue().toString(), "--store", "sqlite:" + db);
        assertEquals("drained 3 new events from 1 journals into sqlite:" + db + "\n", drain.out(), drain::toString);
    }

    private static Map<Path, byte[]> metadataFiles(Path journal) throws Exception {
        Map<Path, byte[]> files = new java.util.TreeMap<>();
        try (var list = Files.list(journal)) {
            for (Path f : (Iterable<Path>) list::iterator) {
                if (f.toString().endsWith(".cq4t")) {
                    files.put(f, Files.readAllBytes(f));
                }
            }
        }
        assertFalse(files.isEmpty());
        return files;
    }

    @Test
    void hostileValuesReachTheTerminalEscaped() throws Exception {
        Event e = Journals.event(T0, "evil\u001b[31m.example.com", 443, Action.BLOCKED, 1);
        e.request = new Request();
        e.request.method = "GET\u009b";
        e.request.url = "https://evil.example.com/a\r\nSet-Cookie: x";
        e.payload = new Payload();
        e.payload.size = 15;
        e.payload.preview = "<script>\u001b]0;pwned\u0007</script>";
        e.payload.previewEncoding = "text";
        e.culprit.frame = "com.ex.Evil.run(Evil.java:1)\u202e";
        Journals.appendEvents(queue().resolve("jvm-a"), List.of(e));

        for (String format : new String[] {"--json", "--poll=20ms"}) {
            List<String> args = new ArrayList<>(List.of("tail", "--queue", queue().toString(), "--from-start", "--limit", "1",
                    "--timeout", "20s", format));
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, run.code(), run::toString);
            assertEquals(1, run.outLines().size(), run::toString);
            assertFalse(run.out().chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e),
                    "no raw control characters in " + run.out());
        }
        CliRun line = CliRun.run("tail", "--queue", queue().toString(), "--from-start", "--limit", "1", "--timeout", "20s");
        assertTrue(line.out().contains("evil\\x1b[31m.example.com:443 GET\\x9b https://evil.example.com/a\\x0d\\x0aSet-Cookie: x 15B"),
                line::toString);
        assertTrue(line.out().contains("Evil.java:1)\\u202e"), line::toString);
        CliRun json = CliRun.run("tail", "--queue", queue().toString(), "--from-start", "--limit", "1", "--timeout", "20s", "--json");
        Event back = EventCodec.decode(json.out().trim().getBytes(StandardCharsets.UTF_8));
        assertEquals(e.payload.preview, back.payload.preview, "escaped, not altered");
        assertEquals(e.request.method, back.request.method);
    }

    @Test
    void aCorruptEntryIsOneEscapedLineOnStderrAndTailGoesOn() {
        Event after = Journals.event(T0, "after.example.com", 443, Action.BLOCKED, 1);
        List<Long> indexes = Journals.append(queue().resolve("jvm-a"), List.of(Journals.garbage(), EventCodec.encode(after)));
        CliRun run = CliRun.run("tail", "--queue", queue().toString(), "--from-start", "--limit", "1", "--timeout", "20s");
        assertEquals(0, run.code(), run::toString);
        assertEquals(1, run.outLines().size(), run::toString);
        assertTrue(run.out().contains(" after.example.com:443 "), run::toString);
        assertEquals(2, run.errLines().size(), run::toString);
        assertTrue(run.errLines().get(1).startsWith("journal " + queue().resolve("jvm-a") + " index "
                + Long.toHexString(indexes.get(0)) + ": not a valid event record"), run::toString);
        assertFalse(run.err().chars().anyMatch(c -> c < 0x20 && c != '\n'), run::toString);
    }

    @Test
    void aMissingQueueIsOneLineAndExitOne() {
        Path missing = tmp.resolve("nope");
        CliRun run = CliRun.run("tail", "--queue", missing.toString(), "--timeout", "1s");
        assertEquals(1, run.code(), run::toString);
        assertEquals(List.of("egressguard tail: queue directory " + missing + " does not exist (check --queue)"), run.errLines());
    }
}
