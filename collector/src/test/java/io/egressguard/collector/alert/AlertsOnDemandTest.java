package io.egressguard.collector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.CliRun;
import io.egressguard.collector.Pg;
import io.egressguard.collector.store.EventSink;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts --store}: the store's SQL fires the same alerts as the drain's engine, once per window, and once across runs. */
class AlertsOnDemandTest {
    @TempDir
    Path tmp;

    private static void store(String url, List<Event> events) {
        try (EventSink sink = EventStores.openSink(StoreUrl.parse(url), null, null)) {
            List<StoredEvent> stored = new ArrayList<>();
            for (Event e : events) {
                stored.add(new StoredEvent(e, new String(EventCodec.encode(e), StandardCharsets.UTF_8), "jvm-1"));
            }
            sink.commit(stored, Map.of("jvm-1", 1L));
        }
    }

    @Test
    void sqlite() throws Exception {
        check("sqlite:" + tmp.resolve("e.db"));
    }

    @Test
    void postgresql() throws Exception {
        try (Pg pg = Pg.schema()) {
            check(pg.url());
        }
    }

    private void check(String url) throws Exception {
        List<Event> events = new ArrayList<>(AlertFixtures.events());
        store(url, List.of(AlertFixtures.earlier()));
        store(url, events);
        long since = AlertFixtures.at(0);
        List<Alert> found;
        try (EventStore s = EventStores.open(StoreUrl.parse(url), false)) {
            found = OnDemandAlerts.find(s, AlertRule.defaults(), since, null);
        }
        List<Alert> live = AlertEngineTest.run(new AlertEngine(AlertRule.defaults(), Set.of("known.example.com"), Set.of()), events);
        assertEquals(keys(live), keys(found), "the store fires for the same rule, destination and window as the drain");
        assertEquals(AlertFixtures.CRITICAL + AlertFixtures.BLOCKS + AlertFixtures.PAYLOAD + AlertFixtures.NEW, found.size());
        Alert blocks = found.stream().filter(a -> a.rule().name().equals("blocks")).findFirst().orElseThrow();
        assertEquals(15, blocks.attempts(), "on demand counts the whole window");
        assertEquals("blocked.example.com", blocks.first().host);

        Path rules = tmp.resolve("alerts.yaml");
        Files.writeString(rules, "outputs:\n  file: sent.jsonl\n");
        CliRun run = CliRun.run("alerts", "--store", url, "--since", "2026-05-01T10:00:00Z", "--rules", rules.toString());
        assertEquals(0, run.code(), run::toString);
        assertEquals(found.size(), run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("egressguard alert critical: an attempt of severity critical: 3 attempts to telemetry.plane.so:443"),
                run::toString);
        assertEquals(found.size() + " alerts", run.out().strip());
        assertEquals(found.size(), Files.readAllLines(tmp.resolve("sent.jsonl")).size());

        CliRun again = CliRun.run("alerts", "--store", url, "--since", "2026-05-01T10:00:00Z", "--rules", rules.toString());
        assertEquals(0, again.code(), again::toString);
        assertEquals("", again.err(), "nothing is sent twice");
        assertTrue(again.out().startsWith("0 alerts (" + found.size() + " more already sent"), again::toString);
    }

    private static TreeSet<String> keys(List<Alert> alerts) {
        return alerts.stream().map(a -> a.key().replace('\u0000', ' ')).collect(Collectors.toCollection(TreeSet::new));
    }
}
