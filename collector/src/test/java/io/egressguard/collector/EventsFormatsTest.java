package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.report.CsvEvents;
import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** events --format csv and table, --jvm, and terminal-safe jsonl, on a drained SQLite store. */
class EventsFormatsTest {
    private static final long T0 = 1_780_000_000_123_456_789L;

    @TempDir
    Path tmp;
    private String store;
    private Event plain;
    private Event tricky;
    private Event otherJvm;

    @BeforeEach
    void drain() {
        plain = Journals.event(T0, "metrics.tracker.io", 443, Action.BLOCKED, 3);
        plain.payload = new Payload();
        plain.payload.size = 512;

        tricky = Journals.event(T0 + 1_000_000_000L, "a,b.example.com", -1, Action.MONITORED, 1);
        tricky.api = "dns";
        tricky.rule = "=HYPERLINK(\"http://x\",\"y\")";
        tricky.vendor = "@SUM(A1)";
        tricky.thread = "worker \"1\",\nsecond line";
        tricky.culprit = new Culprit("-2+3 com.ex.A.b(A.java:1)", "+cmd|' /C calc'!A0", null);
        tricky.ip = null;
        tricky.host = "c\u009b\u202e.example.com";

        otherJvm = Journals.event(T0 + 2_000_000_000L, "db.internal", 5432, Action.ALLOWED, 1);
        otherJvm.jvm = Journals.jvm("jvm-b", 777);
        otherJvm.jvm.hostname = "Other-Host";
        otherJvm.culprit = new Culprit("com.ex.Repo.load(Repo.java:3)", "/app/lib/repo-" + "x".repeat(80) + ".jar", null);

        Journals.appendEvents(tmp.resolve("queue/jvm-a"), List.of(plain, tricky));
        Journals.appendEvents(tmp.resolve("queue/jvm-b"), List.of(otherJvm));
        store = "sqlite:" + tmp.resolve("e.db");
        CliRun drained = CliRun.run("drain", "--queue", tmp.resolve("queue").toString(), "--store", store);
        assertEquals(0, drained.code(), drained::toString);
    }

    private CliRun events(String... extra) {
        List<String> args = new ArrayList<>(List.of("events", "--store", store));
        args.addAll(List.of(extra));
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.err());
        return run;
    }

    @Test
    void csvParsesBackWithQuotesCommasLineBreaksAndDefusedFormulas() {
        List<List<String>> rows = Csv.parse(events("--format", "csv").out());
        assertEquals(CsvEvents.COLUMNS, rows.get(0));
        assertEquals(4, rows.size());
        assertEquals(List.of(plain.id, "2026-05-28T20:26:40.123456789Z", "blocked", "deny-trackers", "high", "Tracker Inc", "okhttp",
                "metrics.tracker.io", "443", "203.0.113.7", "com.example.Telemetry.send(Telemetry.java:42)", "com.example:telemetry:1.2",
                "main", "4242", "build-1", "3", "512"), rows.get(1));
        assertEquals(List.of(tricky.id, "2026-05-28T20:26:41.123456789Z", "monitored", "'=HYPERLINK(\"http://x\",\"y\")", "high",
                "'@SUM(A1)", "dns", "c\\x9b\\u202e.example.com", "", "", "'-2+3 com.ex.A.b(A.java:1)", "'+cmd|' /C calc'!A0",
                "worker \"1\",\\x0asecond line", "4242", "build-1", "1", ""), rows.get(2));
        assertEquals("777", rows.get(3).get(13));
        assertEquals("Other-Host", rows.get(3).get(14));
        assertEquals("/app/lib/repo-" + "x".repeat(80) + ".jar", rows.get(3).get(11), "the full jar path when there is no gav");
    }

    /** A line break inside a value is escaped: each event is one CRLF-ended line, and no bare CR or LF is left. */
    @Test
    void csvKeepsOneRecordPerLine() {
        String out = events("--format", "csv").out();
        List<String> records = List.of(out.split("\r\n", -1));
        assertEquals(5, records.size(), out); // header, three events, and the empty tail after the last CRLF
        assertEquals("", records.get(4));
        for (String record : records) {
            assertFalse(record.contains("\n") || record.contains("\r"), "a raw line break inside a record: " + record);
        }
        assertTrue(records.get(2).contains("\"worker \"\"1\"\",\\x0asecond line\""), records.get(2));
    }

    @Test
    void tableFitsTheWidthAndCutsWithAnEllipsis() {
        for (int width : new int[] {80, 120, 40}) {
            CliRun run = events("--format", "table", "--width", Integer.toString(width));
            List<String> lines = run.outLines();
            assertEquals(4, lines.size(), run::toString);
            for (String line : lines) {
                assertTrue(line.length() <= width, width + ": " + line.length() + " > " + width + ": " + line);
            }
            if (width >= 80) {
                assertTrue(lines.get(0).startsWith("TIME                 ACTION     "), run::toString);
                assertTrue(lines.get(1).startsWith("2026-05-28 20:26:40  blocked    "), run::toString);
            }
        }
        CliRun narrow = events("--format", "table", "--width", "80");
        assertTrue(narrow.out().contains("\u2026"), narrow::toString);
        assertTrue(narrow.outLines().get(0).matches("TIME +ACTION +DESTINATION +CULPRIT +COUNT"), narrow::toString);
        assertTrue(narrow.outLines().get(1).matches("2026-05-28 20:26:40  blocked +metrics\\.tracker\\.io\\S* +com\\.example\\.Te.*\u2026 +3"),
                narrow::toString);
        CliRun wide = events("--format", "table", "--width", "250");
        assertTrue(wide.outLines().get(0).matches("TIME +ACTION +API +DESTINATION +CULPRIT +ORIGIN +JVM +COUNT"), wide::toString);
        assertTrue(wide.outLines().get(3).contains("  repo-" + "x".repeat(80) + ".jar  777@Other-Host      1"), wide::toString);
        assertFalse(wide.out().contains("\u2026"), wide::toString);
        assertFalse(narrow.out().chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e),
                narrow::toString);
        CliRun tooNarrow = CliRun.run("events", "--store", store, "--format", "table", "--width", "5");
        assertEquals(2, tooNarrow.code(), tooNarrow::toString);
        assertTrue(tooNarrow.err().contains("'--width': 5 (must be at least 20)"), tooNarrow::toString);
    }

    @Test
    void jvmSelectsByPidOrHostAndPid() {
        assertEquals(2, events("--jvm", "4242").outLines().size());
        assertEquals(List.of(otherJvm.id), ids(events("--jvm", "777")));
        assertEquals(List.of(otherJvm.id), ids(events("--jvm", "other-host:777")));
        assertEquals(List.of(), ids(events("--jvm", "build-1:777")));
        assertEquals(List.of(plain.id), ids(events("--jvm", "build-1:4242", "--action", "blocked")));
        for (String bad : new String[] {"abc", ":12", "host:", "-3"}) {
            CliRun run = CliRun.run("events", "--store", store, "--jvm", bad);
            assertEquals(2, run.code(), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
            assertTrue(run.err().contains("'--jvm'"), run::toString);
        }
    }

    private static List<String> ids(CliRun run) {
        List<String> ids = new ArrayList<>();
        for (String line : run.outLines()) {
            ids.add(line.substring(line.indexOf("\"id\":\"") + 6, line.indexOf("\"id\":\"") + 38));
        }
        return ids;
    }

    @Test
    void jsonlEscapesC1AndBidiButParsesBackToTheSameValues() throws Exception {
        CliRun run = events("--format", "jsonl");
        assertFalse(run.out().chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e),
                run::toString);
        String line = run.outLines().get(1);
        assertTrue(line.contains("c\\u009b\\u202e.example.com"), line);
        Event back = EventCodec.decode(line.getBytes(StandardCharsets.UTF_8));
        assertEquals(new String(EventCodec.encode(tricky), StandardCharsets.UTF_8),
                new String(EventCodec.encode(back), StandardCharsets.UTF_8));
        assertEquals(new String(EventCodec.encode(plain), StandardCharsets.UTF_8), run.outLines().get(0),
                "an event with nothing to escape is printed as stored");
    }
}
