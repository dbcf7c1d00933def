package io.egressguard.collector.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.Journals;
import io.egressguard.collector.Pg;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Payload;
import io.egressguard.event.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report read from the per-hour rollups (and the events of the edge hours) is the report a direct
 * aggregation of the events gives, for random ranges that cut hours, --host globs and --jvm filters;
 * the drain's rollups are those the migration's backfill computes from the events, also after a
 * duplicate batch and after a purge that cuts an hour.
 */
class ReportRollupsTest {
    private static final long H = Rollup.HOUR_NANOS;
    /** Not on an hour boundary, so the data's first and last hours are partial too. */
    private static final long T0 = 1_780_000_000_000_000_000L + 17 * 60_000_000_000L + 3;
    private static final long SPAN = 30 * H;
    private static final String[] GLOBS = {"api.*", "*.example.com", "203.0.113.*", "?r*", "[at]*", "*", "nothing.here"};

    @TempDir
    Path tmp;

    @Test
    void sqliteRollupsGiveTheEventsReport() throws Exception {
        check(StoreUrl.parse("sqlite:" + tmp.resolve("r.db")));
    }

    @Test
    void postgresqlRollupsGiveTheEventsReport() throws Exception {
        try (Pg pg = Pg.schema()) {
            check(StoreUrl.parse(pg.url()));
        }
    }

    /** Stores upgraded by the migration and stores filled by the drain must hold the same rows. */
    @Test
    void theMigrationsBackfillWithTheCollectorsStatements() {
        for (String folder : List.of("db/migration", "db/migration/postgresql")) {
            Migrations.Migration rollups = new Migrations(folder).load().stream()
                    .filter(m -> m.description().equals("report rollups")).findFirst().orElseThrow();
            // the code paths' purl and evidence came with schema v8 (PostgreSQL v7)
            for (Rollup rollup : List.of(Rollup.DESTINATIONS, Rollup.CODE_PATHS.firstColumns(9))) {
                assertTrue(rollups.sql().contains(rollup.backfill("")), folder + " " + rollup.table());
            }
        }
    }

    private void check(StoreUrl url) throws Exception {
        Random random = new Random(42);
        try (JdbcEventStore store = (JdbcEventStore) EventStores.open(url, true)) {
            List<StoredEvent> all = new ArrayList<>();
            for (int batch = 0; batch < 12; batch++) {
                List<StoredEvent> events = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    events.add(stored(random));
                }
                // As the drain hands them (prepared on its read thread, rollups summed ahead) and as-is.
                store.commit(batch % 2 == 0 ? store.prepare(events) : events, Map.of("jvm-a", (long) batch));
                all.addAll(events);
            }
            // A re-drain after lost positions: stored events again, with a few new ones. Only the new
            // ones count, also when the batch comes prepared with sums over all of it.
            List<StoredEvent> again = new ArrayList<>(all.subList(100, 400));
            again.add(stored(random));
            again.add(stored(random));
            assertEquals(2, store.commit(store.prepare(again), Map.of("jvm-a", 99L)));
            List<StoredEvent> plain = new ArrayList<>(all.subList(500, 700));
            plain.add(stored(random));
            assertEquals(1, store.commit(plain, Map.of("jvm-a", 100L)));
            assertRollupsAreTheBackfill(store);
            compareReports(store, random, 40);

            long cut = T0 + 7 * H + 1_234_567_890L; // inside an hour
            assertTrue(store.purge(cut) > 0);
            assertRollupsAreTheBackfill(store);
            compareReports(store, random, 15);
            assertEquals(store.knownDestinations(), knownFromEvents(store));
        }
    }

    private static final String[] HOSTS = {"api.segment.io", "telemetry.plane.so", "cdn.example.com", "www.example.com",
        "tracker.ads.net", null};

    private static StoredEvent stored(Random r) {
        long time = T0 + (long) (r.nextDouble() * SPAN);
        String host = HOSTS[r.nextInt(HOSTS.length)];
        Event e = Journals.event(time, "x", r.nextInt(5) == 0 ? -1 : 443 + r.nextInt(2), Action.values()[r.nextInt(3)], 1 + r.nextInt(4));
        e.host = host;
        e.ip = r.nextInt(8) == 0 ? null : "203.0.113." + r.nextInt(3);
        e.api = r.nextInt(6) == 0 ? null : List.of("okhttp", "socket", "httpclient").get(r.nextInt(3));
        e.severity = r.nextInt(5) == 0 ? null : Severity.values()[r.nextInt(Severity.values().length)];
        e.vendor = host != null && host.startsWith("t") ? "Vendor" : null;
        e.dropped = r.nextInt(10) == 0 ? r.nextInt(3) : 0;
        int site = r.nextInt(4);
        e.culprit = site == 0 ? null : new Culprit("com.ex.C" + site + ".send(C.java:" + site + ")",
                site == 3 ? null : "/app/lib/dep" + site + ".jar", site == 2 ? null : "com.ex:dep" + site + ":1.0");
        e.stack = r.nextInt(6) == 0 ? null : List.of("com.ex.C" + site + ".send(C.java:1)", "com.ex.Path" + r.nextInt(3) + ".run(P.java:2)");
        if (r.nextInt(4) == 0) {
            e.payload = new Payload();
            e.payload.size = List.of(-1L, 0L, 10L, 5_000L, 123_456L).get(r.nextInt(5)) + r.nextInt(3);
        }
        int jvm = r.nextInt(3);
        e.jvm = Journals.jvm("jvm-" + jvm, 4242 + jvm % 2);
        e.jvm.hostname = jvm == 2 ? "Build-2" : "build-1";
        return stored(e, "jvm-" + jvm);
    }

    /** As the journal reader makes it: the stack's place in the record and its hash. */
    private static StoredEvent stored(Event e, String journal) {
        byte[] utf8 = EventCodec.encode(e);
        String json = new String(utf8, StandardCharsets.ISO_8859_1); // byte offsets; the stack is ASCII
        int start = json.indexOf("\"stack\":[");
        if (start < 0) {
            return new StoredEvent(e, utf8, journal, 0, 0, null);
        }
        start += "\"stack\":".length();
        int end = json.indexOf(']', start) + 1;
        return new StoredEvent(e, utf8, journal, start, end, Stacks.hash(utf8, start, end));
    }

    private void compareReports(JdbcEventStore store, Random r, int filters) {
        JdbcReportQueries rollups = new JdbcReportQueries(store, true);
        JdbcReportQueries events = new JdbcReportQueries(store, false);
        List<EventFilter> cases = new ArrayList<>(List.of(EventFilter.ALL,
                new EventFilter(T0 + 3 * H, T0 + 9 * H, null, null), // whole hours from an odd start: two edges
                new EventFilter(T0 + H / 3, T0 + H / 2, null, null), // inside one hour
                new EventFilter(T0 + 2 * H + 5, null, "*.example.com", null),
                new EventFilter(null, T0 + 20 * H + 7, null, null, 4243L, "BUILD-1")));
        for (int i = 0; i < filters; i++) {
            Long since = r.nextInt(4) == 0 ? null : T0 - H + (long) (r.nextDouble() * (SPAN + 2 * H));
            Long until = r.nextInt(4) == 0 ? null : (since == null ? T0 : since) + (long) (r.nextDouble() * SPAN);
            String glob = r.nextInt(3) == 0 ? null : GLOBS[r.nextInt(GLOBS.length)];
            Action action = r.nextInt(5) == 0 ? Action.values()[r.nextInt(3)] : null;
            Long pid = r.nextInt(4) == 0 ? 4242L + r.nextInt(2) : null;
            String jvmHost = pid != null && r.nextBoolean() ? List.of("build-1", "BUILD-2").get(r.nextInt(2)) : null;
            cases.add(new EventFilter(since, until, glob, action, pid, jvmHost));
        }
        boolean sawRows = false;
        for (EventFilter f : cases) {
            String where = f.toString();
            var totals = events.totals(f);
            sawRows |= totals.records() > 0;
            assertEquals(totals, rollups.totals(f), where);
            assertEquals(events.jvms(f, 2), rollups.jvms(f, 2), where);
            assertEquals(events.destinations(f, 50), rollups.destinations(f, 50), where);
            assertEquals(events.destinations(f, 3), rollups.destinations(f, 3), where);
            assertEquals(events.callSites(f, 3, 2), rollups.callSites(f, 3, 2), where);
            assertEquals(events.dependencies(f, 50, 5), rollups.dependencies(f, 50, 5), where);
            assertEquals(events.stacks(f, 4), rollups.stacks(f, 4), where);
            long origin = Math.floorDiv(totals.firstNanos() == null ? T0 : totals.firstNanos(), 86_400_000_000_000L) * 86_400_000_000_000L;
            for (long bucket : new long[] {H, 86_400_000_000_000L}) {
                assertEquals(events.timeline(f, origin, bucket), rollups.timeline(f, origin, bucket), where);
            }
            assertEquals(events.timeline(f, origin, 60_000_000_000L), rollups.timeline(f, origin, 60_000_000_000L), where);
        }
        assertTrue(sawRows);
    }

    private static void assertRollupsAreTheBackfill(JdbcEventStore store) throws SQLException {
        Connection c = store.connection;
        for (Rollup rollup : Rollup.ALL) {
            List<List<Object>> drained = rows(c, rollup);
            assertFalse(drained.isEmpty());
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM " + rollup.table());
                st.executeUpdate(rollup.backfill(""));
            }
            List<List<Object>> backfilled = rows(c, rollup);
            c.commit();
            assertEquals(backfilled, drained, rollup.table());
        }
    }

    private static List<List<Object>> rows(Connection c, Rollup rollup) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + rollup.table() + " ORDER BY hour_start, k")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number n ? (Object) n.longValue() : v);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static java.util.Set<String> knownFromEvents(JdbcEventStore store) {
        java.util.Set<String> out = new java.util.HashSet<>();
        store.query("SELECT DISTINCT COALESCE(host, ip, '?') FROM events", List.of(), rs -> out.add(rs.getString(1)), "test");
        return out;
    }
}
