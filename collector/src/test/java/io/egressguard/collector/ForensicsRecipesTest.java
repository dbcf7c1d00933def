package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egressguard.collector.store.jdbc.Stacks;
import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Payload;
import io.egressguard.event.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every SQL recipe of docs/forensics.md against SQLite and PostgreSQL stores that the drain
 * filled from journals, and checks the rows. A recipe without an expectation here, or an expectation
 * without its recipe, fails too.
 */
class ForensicsRecipesTest {
    private static final Path DOC = Paths.get("../docs/forensics.md");
    private static final Pattern RECIPE = Pattern.compile("### (.+?)\\n.*?```sql\\n(.*?)```", Pattern.DOTALL);
    /** An hour boundary: 2026-05-28 22:00:00 UTC, in nanoseconds. */
    private static final long H0 = 1_780_002_000L * 1_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final String SDK = "com.vendor:sdk:2.3.1";
    private static final List<String> S1 = List.of("com.vendor.sdk.Analytics.flush(Analytics.java:88)", "com.example.App.main(App.java:12)");
    private static final List<String> S2 = List.of("com.phone.Home.ping(Home.java:7)", "com.example.Worker.run(Worker.java:30)",
            "java.base/java.lang.Thread.run(Thread.java:1583)");
    private static final List<String> S3 = List.of("org.acme.Agent.report(Agent.java:51)");

    @TempDir
    Path tmp;

    private final Map<String, String> labels = new HashMap<>();

    @Test
    void everyRecipeReturnsTheExpectedRowsOnSqliteAndPostgresql() throws Exception {
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-a"), List.of(
                labelled("seg1", segment(H0 + MINUTE, 2, 100, false, "jvm-a")),
                labelled("seg2", segment(H0 + 2 * MINUTE, 2, 300, true, "jvm-a")),
                labelled("seg3", segment(H0 + 3 * MINUTE, 2, 200, false, "jvm-a")),
                labelled("udp", udp(H0 + 2 * HOUR)),
                labelled("local", local(H0 + 2 * HOUR + 5 * MINUTE)),
                labelled("ads", ads(H0 - 48 * HOUR))));
        Journals.appendEvents(queue.resolve("jvm-b"), List.of(
                labelled("seg4", segment(H0 + HOUR + MINUTE, 1, -2, false, "jvm-b")),
                labelled("plane1", plane(H0 + HOUR + 2 * MINUTE)),
                labelled("plane2", plane(H0 + HOUR + 3 * MINUTE))));

        Map<String, List<List<String>>> expected = expectations();
        Map<String, String> recipes = recipes();
        assertEquals(expected.keySet(), recipes.keySet(), "recipes in docs/forensics.md vs expectations here");

        Path db = tmp.resolve("e.db");
        try (Pg pg = Pg.schema()) {
            CliRun drain = CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db, "--store", pg.url());
            assertEquals(0, drain.code(), drain::toString);
            for (Map.Entry<String, String> r : recipes.entrySet()) {
                try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                    assertEquals(expected.get(r.getKey()), rows(sqlite, r.getValue()), "SQLite: " + r.getKey());
                }
                try (Connection postgres = DriverManager.getConnection("jdbc:postgresql://" + Pg.HOST + ":" + Pg.PORT
                        + "/test?user=postgres&currentSchema=" + pg.schema)) {
                    assertEquals(expected.get(r.getKey()), rows(postgres, r.getValue()), "PostgreSQL: " + r.getKey());
                }
            }
        }
    }

    private Map<String, List<List<String>>> expectations() throws Exception {
        String sdk = SDK;
        Map<String, List<List<String>>> e = new LinkedHashMap<>();
        e.put("Top blocked destinations", List.of(
                List.of("api.segment.io", "443", "Segment", "7", "2"),
                List.of("127.0.0.2", "9", "null", "4", "1"),
                List.of("telemetry.plane.so", "443", "Plane", "2", "1")));
        e.put("Largest payloads", List.of(
                List.of("udp", "blocked", "127.0.0.2", "null", "null", "9000", "org.acme:agent:1.0"),
                List.of("seg2", "blocked", "api.segment.io", "POST", "https://api.segment.io/v1/batch", "300", sdk),
                List.of("seg3", "blocked", "api.segment.io", "POST", "https://api.segment.io/v1/batch", "200", sdk),
                List.of("seg1", "blocked", "api.segment.io", "POST", "https://api.segment.io/v1/batch", "100", sdk),
                List.of("ads", "monitored", "ads.example.net", "GET", "http://ads.example.net/p.gif", "-1", "null")));
        e.put("Attempts by dependency", List.of(
                List.of(sdk, "7", "1"),
                List.of("org.acme:agent:1.0", "4", "1"),
                List.of("(unknown)", "3", "1"),
                List.of("/app/lib/phone.jar", "2", "1")));
        long h0 = H0 / 1_000_000_000L;
        e.put("Timeline per hour", List.of(
                List.of(String.valueOf(h0 - 48 * 3600), "monitored", "3"),
                List.of(String.valueOf(h0), "blocked", "6"),
                List.of(String.valueOf(h0 + 3600), "blocked", "3"),
                List.of(String.valueOf(h0 + 7200), "allowed", "1"),
                List.of(String.valueOf(h0 + 7200), "blocked", "4")));
        e.put("Call paths behind blocked attempts", List.of(
                stackRow(S1, 7), stackRow(S3, 4), stackRow(S2, 2)));
        e.put("Credentials that tried to leave", List.of(
                List.of("ads", "monitored", "ads.example.net", "GET", "http://ads.example.net/p.gif", "null"),
                List.of("seg2", "blocked", "api.segment.io", "POST", "https://api.segment.io/v1/batch", sdk)));
        e.put("Destinations first seen in the last day", List.of(
                List.of("api.segment.io", String.valueOf(H0 + MINUTE), "7"),
                List.of("telemetry.plane.so", String.valueOf(H0 + HOUR + 2 * MINUTE), "2"),
                List.of("127.0.0.2", String.valueOf(H0 + 2 * HOUR), "4"),
                List.of("localhost", String.valueOf(H0 + 2 * HOUR + 5 * MINUTE), "1")));
        e.put("Which JVMs made the attempts", List.of(
                List.of("build-1", "com.example.App", "jvm-a", "10", "3"),
                List.of("build-1", "com.example.Worker", "jvm-b", "3", "0")));
        return e;
    }

    private static List<String> stackRow(List<String> stack, int attempts) throws Exception {
        String json = EventCodec.mapper().writeValueAsString(stack);
        return List.of(Stacks.hash(json), String.valueOf(stack.size()), String.valueOf(attempts), json);
    }

    private static Map<String, String> recipes() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = RECIPE.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (m.find()) {
            out.put(m.group(1).strip(), m.group(2).strip());
        }
        return out;
    }

    /** Each row as strings, event ids replaced by the test's labels. */
    private List<List<String>> rows(Connection c, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    String v = String.valueOf(rs.getString(i));
                    row.add(labels.getOrDefault(v, v));
                }
                out.add(row);
            }
        }
        return out;
    }

    private Event labelled(String label, Event e) {
        labels.put(e.id, label);
        return e;
    }

    private static Event base(long time, String host, int port, Action action, int count, String journal) {
        Event e = Journals.event(time, host, port, action, count);
        e.jvm = Journals.jvm(journal, journal.equals("jvm-a") ? 101 : 202);
        if (journal.equals("jvm-b")) {
            e.jvm.mainClass = "com.example.Worker";
        }
        e.ip = null;
        e.vendor = null;
        return e;
    }

    /** A blocked POST to Segment; size -2 means no payload. */
    private static Event segment(long time, int count, long size, boolean credentials, String journal) {
        Event e = base(time, "api.segment.io", 443, Action.BLOCKED, count, journal);
        e.vendor = "Segment";
        e.rule = "catalog:segment.io";
        e.stack = S1;
        e.culprit = new Culprit(S1.get(0), "/app/lib/sdk-2.3.1.jar", SDK);
        e.request = new Request();
        e.request.method = "POST";
        e.request.url = "https://api.segment.io/v1/batch";
        e.request.headers = credentials ? Map.of("Authorization", List.of("redacted:sha256:9f86d081884c"))
                : Map.of("Content-Type", List.of("application/json"));
        if (size >= 0) {
            e.payload = new Payload();
            e.payload.size = size;
            e.payload.preview = "{}";
            e.payload.previewEncoding = "text";
        }
        return e;
    }

    private static Event plane(long time) {
        Event e = base(time, "telemetry.plane.so", 443, Action.BLOCKED, 1, "jvm-b");
        e.vendor = "Plane";
        e.stack = S2;
        e.culprit = new Culprit(S2.get(0), "/app/lib/phone.jar", null);
        return e;
    }

    private static Event udp(long time) {
        Event e = base(time, "unused", 9, Action.BLOCKED, 4, "jvm-a");
        e.host = null; // sent to an address: no name
        e.api = "udp";
        e.ip = "127.0.0.2";
        e.stack = S3;
        e.culprit = new Culprit(S3.get(0), "/app/lib/agent-1.0.jar", "org.acme:agent:1.0");
        e.payload = new Payload();
        e.payload.size = 9000;
        e.payload.preview = "AAAA";
        e.payload.previewEncoding = "base64";
        e.payload.truncated = true;
        return e;
    }

    private static Event local(long time) {
        Event e = base(time, "localhost", 8080, Action.ALLOWED, 1, "jvm-a");
        e.ip = "127.0.0.1";
        e.rule = "loopback";
        e.culprit = new Culprit("com.example.App.main(App.java:20)", "/app/app.jar", "com.example:app:1.0");
        return e;
    }

    private static Event ads(long time) {
        Event e = base(time, "ads.example.net", 443, Action.MONITORED, 3, "jvm-a");
        e.stack = null;
        e.culprit = null;
        e.request = new Request();
        e.request.method = "GET";
        e.request.url = "http://ads.example.net/p.gif";
        e.request.headers = Map.of("Cookie", List.of("redacted:sha256:0123456789ab"));
        e.payload = new Payload();
        e.payload.size = -1;
        return e;
    }
}
