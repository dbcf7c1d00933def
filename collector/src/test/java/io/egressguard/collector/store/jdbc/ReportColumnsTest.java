package io.egressguard.collector.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.egressguard.collector.CliRun;
import io.egressguard.collector.Db;
import io.egressguard.collector.Journals;
import io.egressguard.collector.Pg;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Payload;
import io.egressguard.event.Request;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema v2: the request line, payload size and a reference to the event's stack are columns, and
 * each distinct stack is stored once, whichever drain run first meets it.
 */
class ReportColumnsTest {
    private static final long T0 = 1_780_000_000_000_000_000L;
    private static final List<String> SDK_STACK = List.of("com.vendor.sdk.Telemetry.flush(Telemetry.java:88)",
            "com.vendor.sdk.Telemetry$1.run(Telemetry.java:40)", "java.lang.Thread.run(Thread.java:840)");

    @TempDir
    Path tmp;

    private static Event posted(long time, List<String> stack) {
        Event e = Journals.event(time, "api.segment.io", 443, Action.BLOCKED, 1);
        e.stack = stack;
        e.request = new Request();
        e.request.method = "POST";
        e.request.url = "https://api.segment.io/v1/batch";
        e.request.headers = Map.of("Content-Type", List.of("application/json"));
        e.payload = new Payload();
        e.payload.size = 18_431;
        e.payload.preview = "{\"batch\":[";
        e.payload.previewEncoding = "text";
        e.payload.truncated = true;
        return e;
    }

    private void drainTwoRuns(String store) {
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-a"), List.of(posted(T0, SDK_STACK), posted(T0 + 1_000_000, SDK_STACK)));
        assertEquals(0, CliRun.run("drain", "--queue", queue.toString(), "--store", store).code());
        Event other = Journals.event(T0 + 2_000_000, "example.com", 80, Action.ALLOWED, 1);
        Journals.appendEvents(queue.resolve("jvm-a"), List.of(posted(T0 + 3_000_000, SDK_STACK), other));
        assertEquals(0, CliRun.run("drain", "--queue", queue.toString(), "--store", store).code());
    }

    private static final String ROWS = "SELECT method || ' ' || url || ' ' || payload_size || ' ' || s.depth"
            + " FROM events e JOIN stacks s ON s.hash = e.stack_hash WHERE host = 'api.segment.io'";

    @Test
    void sqliteStoresRequestPayloadAndEachStackOnce() throws Exception {
        Path db = tmp.resolve("e.db");
        drainTwoRuns("sqlite:" + db);
        assertEquals(List.of("POST https://api.segment.io/v1/batch 18431 3"),
                Db.strings(db, ROWS).stream().distinct().toList());
        assertEquals(3, Db.count(db, "SELECT COUNT(*) FROM events WHERE host = 'api.segment.io'"));
        assertEquals(2, Db.count(db, "SELECT COUNT(*) FROM stacks"));
        assertEquals(SDK_STACK, EventCodec.mapper().readValue(
                Db.strings(db, "SELECT frames FROM stacks WHERE depth = 3").get(0), List.class));
        assertEquals(List.of(""), Db.strings(db, "SELECT COALESCE(method, '') FROM events WHERE host = 'example.com'"));
    }

    @Test
    void postgresqlStoresRequestPayloadAndEachStackOnce() throws Exception {
        try (Pg pg = Pg.schema()) {
            drainTwoRuns(pg.url());
            assertEquals(List.of("POST https://api.segment.io/v1/batch 18431 3"), pg.strings(ROWS).stream().distinct().toList());
            assertEquals(3, pg.count("SELECT COUNT(*) FROM events WHERE host = 'api.segment.io'"));
            assertEquals(2, pg.count("SELECT COUNT(*) FROM stacks"));
            assertEquals(SDK_STACK, EventCodec.mapper().readValue(
                    pg.strings("SELECT frames FROM stacks WHERE depth = 3").get(0), List.class));
        }
    }

    @Test
    void aVersionOneStoreGetsTheColumnsFromItsJson() throws Exception {
        Path db = tmp.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            new Migrations("db/migration").apply(c, 1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, time, journal, json) VALUES (?, ?, 'j', ?)")) {
                Event e = posted(T0, SDK_STACK);
                ps.setString(1, e.id);
                ps.setLong(2, e.time);
                ps.setString(3, EventCodec.mapper().writeValueAsString(e));
                ps.executeUpdate();
            }
        }
        try (SqliteEventStore store = SqliteEventStore.open(db, false)) {
            store.migrate();
        }
        assertEquals(List.of("POST https://api.segment.io/v1/batch 18431"),
                Db.strings(db, "SELECT method || ' ' || url || ' ' || payload_size FROM events"));
        assertNull(Db.strings(db, "SELECT stack_hash FROM events").get(0));
    }
}
