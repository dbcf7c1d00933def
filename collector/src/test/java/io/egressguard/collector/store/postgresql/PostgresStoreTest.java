package io.egressguard.collector.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.CliRun;
import io.egressguard.collector.Journals;
import io.egressguard.collector.Pg;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL store against the real server on 127.0.0.1:5432, one schema per test. */
class PostgresStoreTest {
    private static final long T0 = 1_780_000_000_000_000_000L;

    @TempDir
    Path tmp;
    private Pg pg;

    @BeforeEach
    void schema() {
        pg = Pg.schema();
    }

    @AfterEach
    void drop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private Path queue() {
        return tmp.resolve("queue");
    }

    private CliRun drain(String store, String... extra) {
        List<String> args = new ArrayList<>(List.of("drain", "--queue", queue().toString(), "--store", store));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void drainsExactlyOnceWithPositionsAndAReRunAddsNothing() throws Exception {
        List<Event> a = Journals.events(2_500, T0, "a.tracker.io");
        List<Event> b = Journals.events(170, T0 + 500, "b.example.com");
        List<Long> aIndexes = Journals.appendEvents(queue().resolve("jvm-a"), a);
        Journals.appendEvents(queue().resolve("jvm-b"), b);

        CliRun first = drain(pg.url(), "--batch-size", "1000");
        assertEquals(0, first.code(), first::toString);
        assertEquals(List.of("drained 2670 new events from 2 journals into " + pg.url()), first.outLines());
        Set<String> expected = a.stream().map(e -> e.id).collect(Collectors.toSet());
        b.forEach(e -> expected.add(e.id));
        assertEquals(expected, new HashSet<>(pg.strings("SELECT id FROM events")));
        assertEquals(aIndexes.get(aIndexes.size() - 1), pg.count("SELECT last_index FROM journal_positions WHERE journal = 'jvm-a'"));
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), pg.strings("SELECT version FROM schema_version ORDER BY version"));
        assertEquals(List.of("events_payload_size", "events_pkey", "events_time"),
                pg.strings("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' ORDER BY indexname"));

        CliRun again = drain(pg.url());
        assertEquals(List.of("drained 0 new events from 2 journals into " + pg.url()), again.outLines(), again::toString);
        pg.exec("DELETE FROM journal_positions");
        CliRun lost = drain(pg.url());
        assertEquals(List.of("drained 0 new events from 2 journals into " + pg.url() + " (2670 already stored)"),
                lost.outLines(), lost::toString);
        assertEquals(2670, pg.count("SELECT COUNT(*) FROM events"));
    }

    @Test
    void aJdbcUrlWorksAndOddCharactersSurviveCopy() throws Exception {
        Event odd = Journals.event(T0, "tab\there.example.com", 443, Action.BLOCKED, 1);
        odd.thread = "back\\slash\nnew line \u00e9\u4e2d";
        Journals.appendEvents(queue().resolve("jvm-a"), List.of(odd));
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=" + pg.schema;
        assertEquals(0, drain(jdbc).code());
        assertEquals(List.of(odd.thread), pg.strings("SELECT thread FROM events"));
        assertEquals(List.of("tab\there.example.com"), pg.strings("SELECT host FROM events"));
    }

    private static List<String> tokens(String out) {
        return java.util.Arrays.stream(out.split("[\\s,]+")).sorted().toList();
    }

    @Test
    void eventsReportAndPurgeReadFromPostgresAsFromSqlite() throws Exception {
        List<Event> events = new ArrayList<>(Journals.events(30, T0, "metrics.tracker.io"));
        events.add(Journals.event(T0 + 5, "api.Example.com", 8443, Action.MONITORED, 4));
        events.add(Journals.event(T0 + 6, "old.example.com", -1, Action.ALLOWED, 1));
        Journals.appendEvents(queue().resolve("jvm-a"), events);
        String sqlite = "sqlite:" + tmp.resolve("e.db");
        assertEquals(0, drain(pg.url()).code());
        assertEquals(0, drain(sqlite).code());

        for (String[] args : List.of(new String[] {"events", "--since", "2020-01-01"},
                new String[] {"events", "--since", "2020-01-01", "--host", "*.EXAMPLE.com"},
                new String[] {"events", "--since", "2020-01-01", "--host", "metrics.tracker.i?", "--action", "blocked"},
                new String[] {"report", "--since", "2020-01-01"})) {
            List<String> withStore = new ArrayList<>(List.of(args));
            withStore.addAll(List.of("--store", pg.url()));
            CliRun fromPg = CliRun.run(withStore.toArray(String[]::new));
            withStore.set(withStore.size() - 1, sqlite);
            CliRun fromSqlite = CliRun.run(withStore.toArray(String[]::new));
            assertEquals(0, fromPg.code(), fromPg::toString);
            assertTrue(!fromPg.out().isBlank(), fromPg::toString);
            // Joined lists (a culprit's destinations) come in no defined order in either database.
            assertEquals(tokens(fromSqlite.out().replace(sqlite, "STORE")), tokens(fromPg.out().replace(pg.url(), "STORE")),
                    String.join(" ", args));
        }

        CliRun purge = CliRun.run("purge", "--store", pg.url(), "--older-than", "2026-05-29T00:00:00Z");
        assertEquals(0, purge.code(), purge::toString);
        assertTrue(purge.out().startsWith("purged 32 events older than 2026-05-29T00:00:00Z from " + pg.url()), purge::toString);
        assertEquals(0, pg.count("SELECT COUNT(*) FROM events"));
        assertEquals(1, pg.count("SELECT COUNT(*) FROM journal_positions"), "positions stay: nothing is drained again");
    }
}
