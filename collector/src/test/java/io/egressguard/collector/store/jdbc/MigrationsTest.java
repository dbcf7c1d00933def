package io.egressguard.collector.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.Db;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path tmp;

    @Test
    void appliesEachNumberedFileOnceAndRecordsIt() throws Exception {
        Path db = tmp.resolve("m.db");
        try (SqliteEventStore store = SqliteEventStore.open(db, true)) {
            store.migrate();
            store.migrate();
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), Db.strings(db, "SELECT version FROM schema_version ORDER BY version"));
        assertEquals("wal", Db.strings(db, "PRAGMA journal_mode").get(0));
        List<String> indexes = Db.strings(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL");
        // V4 replaced V3's covering indexes with the rollup tables, and events_time came back; V5 dropped (action, time).
        assertEquals(List.of("events_payload_size", "events_time"), indexes.stream().sorted().toList());
        assertEquals(List.of("rollup_code_paths", "rollup_destinations"),
                Db.strings(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rollup%' ORDER BY name"));
    }

    /** A store upgraded from v3 gets rollups of the events it holds, by the migration itself. */
    @Test
    void theUpgradeFillsTheRollupsFromTheStoredEvents() throws Exception {
        Path db = tmp.resolve("v3.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            new Migrations("db/migration").apply(c, 3);
        }
        Db.exec(db, "INSERT INTO events (id, time, journal, host, ip, port, action, count, json) VALUES"
                + " ('a', 1779998400000000000, 'j', 'x.example.com', '203.0.113.1', 443, 'blocked', 3, '{}'),"
                + " ('b', 1779998400000000001, 'j', NULL, '203.0.113.2', 80, 'blocked', 1, '{}'),"
                + " ('c', 1780002000000000000, 'j', 'x.example.com', NULL, 443, 'allowed', 2, '{}')");
        try (SqliteEventStore store = SqliteEventStore.open(db, false)) {
            store.migrate();
        }
        assertEquals(List.of("1779998400000000000 203.0.113.2 1 1", "1779998400000000000 x.example.com 1 3",
                        "1780002000000000000 x.example.com 1 2"),
                Db.strings(db, "SELECT hour_start || ' ' || dest || ' ' || records || ' ' || attempts FROM rollup_destinations"
                        + " ORDER BY hour_start, dest"));
        assertEquals(6, Db.count(db, "SELECT SUM(attempts) FROM rollup_code_paths"));
    }

    @Test
    void aChangedAppliedMigrationIsAnError() throws Exception {
        Path db = tmp.resolve("m.db");
        try (SqliteEventStore store = SqliteEventStore.open(db, true)) {
            store.migrate();
        }
        Db.exec(db, "UPDATE schema_version SET checksum = 'x' WHERE version = 1");
        try (SqliteEventStore store = SqliteEventStore.open(db, false)) {
            CollectorException e = assertThrows(CollectorException.class, store::migrate);
            assertEquals("migration db/migration/V1__events.sql changed after it was applied to this store", e.getMessage());
        }
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        Path db = tmp.resolve("m.db");
        try (SqliteEventStore store = SqliteEventStore.open(db, true)) {
            store.migrate();
        }
        Db.exec(db, "INSERT INTO schema_version VALUES (9, 'future', 'x', 0)");
        try (SqliteEventStore store = SqliteEventStore.open(db, false)) {
            CollectorException e = assertThrows(CollectorException.class, store::migrate);
            assertTrue(e.getMessage().startsWith("store schema version 9 is newer"), e.getMessage());
        }
    }

    @Test
    void splitsScriptsIntoStatements() {
        assertEquals(List.of("CREATE TABLE a (x INT);", "CREATE INDEX i ON a (x);"),
                Migrations.statements("-- comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"));
    }
}
