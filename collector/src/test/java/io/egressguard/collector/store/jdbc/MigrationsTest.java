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
        assertEquals(List.of("1", "2"), Db.strings(db, "SELECT version FROM schema_version ORDER BY version"));
        assertEquals("wal", Db.strings(db, "PRAGMA journal_mode").get(0));
        List<String> indexes = Db.strings(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL");
        assertTrue(indexes.containsAll(List.of("events_time", "events_action_time", "events_destination", "events_culprit")), indexes.toString());
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
