package io.egressguard.collector.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egressguard.collector.Journals;
import io.egressguard.collector.Pg;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store with events and rollups from before the culprit's purl, evidence and archive columns
 * (SQLite v7, PostgreSQL v6) upgraded in place: old rows keep NULL there, new events fill them, and
 * a new event of an old rollup tuple still lands in that tuple's row (its key was extended as the
 * collector now computes it), so the rollups equal a fresh aggregation of the events.
 */
class CulpritColumnsUpgradeTest {
    private static final long HOUR = 1_780_000_000_000_000_000L - 1_780_000_000_000_000_000L % Rollup.HOUR_NANOS;
    private static final String FRAME = "com.vendor.Telemetry.send(Telemetry.java:42)";
    private static final String JAR = "/srv/app.jar!/BOOT-INF/lib/sdk-2.1.jar";

    @TempDir
    Path tmp;

    @Test
    void sqliteV7StoreUpgrades() throws Exception {
        Path db = tmp.resolve("v7.db");
        String jdbc = "jdbc:sqlite:" + db;
        try (Connection c = DriverManager.getConnection(jdbc)) {
            new Migrations("db/migration").apply(c, 7);
            storeOldEvents(c);
        }
        check(StoreUrl.parse("sqlite:" + db), jdbc, 8);
    }

    @Test
    void postgresqlV6StoreUpgrades() throws Exception {
        try (Pg pg = Pg.schema()) {
            String jdbc = "jdbc:postgresql://" + Pg.HOST + ":" + Pg.PORT + "/test?user=postgres&currentSchema=" + pg.schema;
            try (Connection c = DriverManager.getConnection(jdbc)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + pg.schema);
                }
                new Migrations("db/migration/postgresql").apply(c, 6);
                storeOldEvents(c);
            }
            check(StoreUrl.parse(pg.url()), jdbc, 7);
        }
    }

    /** Two events as the collector before the new columns stored them, and its rollups of them. */
    private static void storeOldEvents(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO events (id, time, journal, host, port, action, count, culprit_frame, culprit_gav, culprit_jar, json)"
                    + " VALUES ('old1', " + (HOUR + 1) + ", 'j', 'a.example', 443, 'blocked', 2, '" + FRAME + "', 'com.vendor:sdk:2.1', '"
                    + JAR + "', '{}'), ('old2', " + (HOUR + 2) + ", 'j', 'b.example', 443, 'blocked', 1, '" + FRAME + "', NULL, '"
                    + JAR + "', '{}')");
            st.executeUpdate(Rollup.DESTINATIONS.backfill(""));
            st.executeUpdate(Rollup.CODE_PATHS.firstColumns(9).backfill(""));
        }
    }

    private static void check(StoreUrl url, String jdbc, int version) throws Exception {
        Event older = event("new1", 3); // an agent that records no purl yet: the same tuple as old1
        Event newer = event("new2", 4);
        newer.culprit.purl = "pkg:maven/com.vendor/sdk@2.1";
        newer.culprit.evidence = Culprit.POM;
        newer.culprit.archive = "/srv/app.jar";
        try (JdbcEventStore store = (JdbcEventStore) EventStores.open(url, true)) {
            assertEquals(2, store.commit(List.of(stored(older), stored(newer)), List.of(), Map.of()));
        }
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement()) {
            assertEquals(List.of(String.valueOf(version)), strings(st, "SELECT MAX(version) FROM schema_version"));
            assertEquals(List.of("new1 - - -", "new2 pkg:maven/com.vendor/sdk@2.1 pom /srv/app.jar", "old1 - - -", "old2 - - -"),
                    strings(st, "SELECT id || ' ' || COALESCE(culprit_purl, '-') || ' ' || COALESCE(culprit_evidence, '-') || ' '"
                            + " || COALESCE(culprit_archive, '-') FROM events ORDER BY id"));
            String rollup = "SELECT k || ' ' || records || ' ' || attempts FROM rollup_code_paths ORDER BY k";
            List<String> drained = strings(st, rollup);
            assertEquals(3, drained.size(), drained.toString()); // old1 + new1 share a row; old2; new2
            st.executeUpdate("DELETE FROM rollup_code_paths");
            st.executeUpdate(Rollup.CODE_PATHS.backfill(""));
            assertEquals(strings(st, rollup), drained);
        }
    }

    private static Event event(String id, int offset) {
        Event e = Journals.event(HOUR + offset, "a.example", 443, Action.BLOCKED, 1);
        e.id = id;
        e.stack = null;
        e.culprit = new Culprit(FRAME, JAR, "com.vendor:sdk:2.1");
        e.jvm = null;
        return e;
    }

    private static StoredEvent stored(Event e) {
        return new StoredEvent(e, new String(EventCodec.encode(e), StandardCharsets.UTF_8), "j");
    }

    private static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
