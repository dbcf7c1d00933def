package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.ReportRows;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A known data set, drained once, then read back through {@code events} and {@code report}. */
class EventsAndReportTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path tmp;
    private String store;
    private final List<Event> all = new ArrayList<>();

    private static long at(int minutes) {
        Instant t = T0.plusSeconds(60L * minutes);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private Event add(int minute, String host, int port, Action action, int count, String frame, String gav) {
        Event e = Journals.event(at(minute), host, port, action, count);
        e.culprit = new Culprit(frame, "/app/lib/x.jar", gav);
        all.add(e);
        return e;
    }

    @BeforeEach
    void drainKnownEvents() {
        // jvm-a
        add(0, "metrics.tracker.io", 443, Action.BLOCKED, 5, "com.ex.Telemetry.send(Telemetry.java:42)", "com.ex:telemetry:1.2");
        add(10, "metrics.tracker.io", 443, Action.BLOCKED, 3, "com.ex.Telemetry.send(Telemetry.java:42)", "com.ex:telemetry:1.2");
        add(20, "api.example.com", 443, Action.MONITORED, 2, "com.ex.Client.call(Client.java:9)", null);
        List<Event> a = new ArrayList<>(all);
        // jvm-b
        add(5, "metrics.tracker.io", 443, Action.BLOCKED, 1, "com.ex.Telemetry.send(Telemetry.java:42)", "com.ex:telemetry:1.2");
        add(30, "db.internal", 5432, Action.ALLOWED, 1, "com.ex.Repo.load(Repo.java:3)", null).api = "socket";
        add(40, "Evil\u001b[31m.example.com", 80, Action.BLOCKED, 1, "com.ex.Client.call(Client.java:9)\u202e", null);
        Journals.appendEvents(tmp.resolve("queue/jvm-a"), a);
        Journals.appendEvents(tmp.resolve("queue/jvm-b"), all.subList(a.size(), all.size()));
        store = "sqlite:" + tmp.resolve("e.db");
        CliRun drained = CliRun.run("drain", "--queue", tmp.resolve("queue").toString(), "--store", store);
        assertEquals(0, drained.code(), drained::toString);
    }

    @Test
    void jsonlParsesBackToTheSameEventsInTimeOrder() throws Exception {
        CliRun run = CliRun.run("events", "--store", store, "--format", "jsonl");
        assertEquals(0, run.code(), run::toString);
        Map<String, Event> byId = all.stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
        List<Long> times = new ArrayList<>();
        for (String line : run.outLines()) {
            Event back = EventCodec.decode(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Event original = byId.remove(back.id);
            assertEquals(new String(EventCodec.encode(original)), new String(EventCodec.encode(back)));
            times.add(back.time);
        }
        assertTrue(byId.isEmpty(), "every event printed");
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        assertEquals(sorted, times);
    }

    @Test
    void filtersSelectByTimeHostAndAction() {
        assertEquals(4, lines("--action", "blocked"));
        assertEquals(3, lines("--host", "*.TRACKER.io"));
        assertEquals(1, lines("--host", "db.*", "--action", "allowed"));
        assertEquals(2, lines("--since", "2026-05-01T10:10:00Z", "--until", "2026-05-01T10:30:00Z"));
        assertEquals(0, lines("--since", "1h")); // the data set is from the past
        assertEquals(6, lines("--until", "1h"));
    }

    private int lines(String... filter) {
        List<String> args = new ArrayList<>(List.of("events", "--store", store));
        args.addAll(List.of(filter));
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, run.code(), run::toString);
        return run.outLines().size();
    }

    @Test
    void reportNumbersSumCountsAndOrderByAttempts() {
        try (SqliteEventStore s = SqliteEventStore.open(tmp.resolve("e.db"), false)) {
            ReportRows.Summary summary = s.summary(EventFilter.ALL);
            assertEquals(new ReportRows.Summary(6, at(0), at(40), 2, 10, 2, 1, 4, 0), summary);

            List<ReportRows.Destination> d = s.byDestination(EventFilter.ALL, 10);
            assertEquals(List.of("metrics.tracker.io", "api.example.com", "db.internal", "evil\u001b[31m.example.com"),
                    d.stream().map(ReportRows.Destination::host).collect(Collectors.toList()));
            assertEquals(new ReportRows.Destination("metrics.tracker.io", 443, "Tracker Inc", 9, at(0), at(10), "blocked", "okhttp"),
                    d.get(0));

            List<ReportRows.Culprit> c = s.byCulprit(EventFilter.ALL, 10);
            assertEquals(new ReportRows.Culprit("com.ex.Telemetry.send(Telemetry.java:42)", "com.ex:telemetry:1.2", 9, 1,
                    "metrics.tracker.io:443"), c.get(0));
            assertEquals("com.ex.Client.call(Client.java:9)", c.get(1).frame());
            assertEquals("/app/lib/x.jar", c.get(1).origin(), "the jar when there is no gav");
            assertEquals(2, c.get(1).attempts());
        }
    }

    @Test
    void theTextReportShowsTheNumbersAndNoRawControlCharacters() {
        CliRun run = CliRun.run("report", "--store", store, "--width", "200");
        assertEquals(0, run.code(), run::toString);
        String out = run.out();
        assertTrue(out.contains("time range    2026-05-01 10:00:00Z .. 2026-05-01 10:40:00Z"), out);
        assertTrue(out.contains("JVMs          2"), out);
        assertTrue(out.contains("attempts      13 (blocked 10, monitored 2, allowed 1) in 6 records"), out);
        assertTrue(out.contains("severity      high 13"), out);
        assertTrue(out.contains("destinations  4"), out);
        assertTrue(out.matches("(?s).*metrics\\.tracker\\.io:443 +Tracker Inc +9 +blocked 9 +2026-05-01 10:00Z +2026-05-01 10:10Z +0 +okhttp\n.*"), out);
        assertTrue(out.matches("(?s).*com\\.ex\\.Telemetry\\.send\\(Telemetry\\.java:42\\) +com\\.ex:telemetry:1\\.2 +9 +1: metrics\\.tracker\\.io:443 \\(9\\).*"), out);
        assertTrue(out.matches("(?s).*\n  x\\.jar +- +- +/app/lib/x\\.jar +4 +3: api\\.example\\.com:443 \\(2\\), .*"), out);
        assertTrue(out.contains("evil\\x1b[31m.example.com:80"), out);
        assertTrue(out.contains("Client.java:9)\\u202e"), out);
        assertFalse(out.chars().anyMatch(ch -> (ch < 0x20 && ch != '\n') || ch == 0x202e), "no raw control characters");
        int at = 0;
        for (String section : List.of("Summary", "JVMs", "By destination", "By call site", "Code paths", "By dependency",
                "Timeline (attempts per minute, UTC)", "Largest payloads")) {
            int next = ("\n" + out).indexOf("\n" + section, at);
            assertTrue(next >= at, section + " after the previous section in\n" + out);
            at = next;
        }
    }

    @Test
    void theTextReportFitsTheWidthFromColumns() {
        for (int width : new int[] {60, 100}) {
            CliRun run = CliRun.run("report", "--store", store, "--width", Integer.toString(width));
            assertEquals(0, run.code(), run::toString);
            for (String line : run.outLines()) {
                assertTrue(line.length() <= width, width + ": " + line);
            }
        }
    }

    @Test
    void anEmptySelectionSaysSo() {
        CliRun run = CliRun.run("report", "--store", store, "--since", "1h");
        assertEquals(0, run.code(), run::toString);
        assertEquals(List.of("Summary", "  no events"), run.outLines());
        CliRun json = CliRun.run("report", "--store", store, "--since", "1h", "--format", "json");
        assertEquals(0, json.code(), json::toString);
        assertTrue(json.out().contains("\"records\" : 0"), json::toString);
    }
}
