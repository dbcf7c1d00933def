package io.egressguard.collector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each default rule fires exactly once per destination and window on crafted events, in the drain's engine. */
class AlertEngineTest {
    static List<Alert> run(AlertEngine engine, List<Event> events) {
        List<Alert> out = new ArrayList<>();
        for (Event e : events) {
            out.addAll(engine.evaluate(e));
        }
        return out;
    }

    @Test
    void eachDefaultRuleFiresOncePerWindow() {
        List<Alert> alerts = run(new AlertEngine(AlertRule.defaults(), Set.of("known.example.com"), Set.of()), AlertFixtures.events());
        Map<String, Long> byRule = alerts.stream().collect(Collectors.groupingBy(a -> a.rule().name(), Collectors.counting()));
        assertEquals(Map.of("critical", (long) AlertFixtures.CRITICAL, "blocks", (long) AlertFixtures.BLOCKS,
                "large-payload", (long) AlertFixtures.PAYLOAD, "new-destination", (long) AlertFixtures.NEW), byRule, alerts::toString);
        Set<String> keys = new HashSet<>();
        for (Alert a : alerts) {
            assertTrue(keys.add(a.key()), "fired twice: " + a.line());
        }
        Alert blocks = alerts.stream().filter(a -> a.rule().name().equals("blocks")).findFirst().orElseThrow();
        assertEquals("blocked.example.com", blocks.destination());
        assertEquals(11, blocks.attempts(), "fires when the 11th block arrives, not before");
        assertEquals(AlertFixtures.at(60), blocks.windowStartNanos());
        assertEquals(AlertFixtures.at(70), blocks.firstNanos(), "names the window's first blocked attempt");
        Alert critical = alerts.get(0);
        assertEquals("critical", critical.rule().name());
        assertTrue(critical.line().startsWith("egressguard alert critical: an attempt of severity critical: 1 attempt to"
                + " telemetry.plane.so:443 (Plane), blocked, by com.example:telemetry:1.2, since 2026-05-01T10:00:00Z"), critical.line());
    }

    @Test
    void alertsAlreadySentAreNotSentAgain() {
        List<Alert> first = run(new AlertEngine(AlertRule.defaults(), Set.of("known.example.com"), Set.of()), AlertFixtures.events());
        Set<String> sent = first.stream().map(Alert::key).collect(Collectors.toSet());
        assertEquals(List.of(), run(new AlertEngine(AlertRule.defaults(), Set.of("known.example.com"), sent), AlertFixtures.events()));
    }

    @Test
    void aWindowOfItsOwnPerRule() {
        AlertRule perDay = new AlertRule("critical-daily", AlertRule.Kind.SEVERITY, io.egressguard.event.Severity.HIGH, 0, 0,
                java.time.Duration.ofDays(1));
        List<Alert> alerts = run(new AlertEngine(List.of(perDay), Set.of(), Set.of()), AlertFixtures.events());
        // high or critical, per destination per day: plane, segment, blocked.example.com
        assertEquals(List.of("telemetry.plane.so", "api.segment.io", "blocked.example.com"),
                alerts.stream().map(Alert::destination).toList());
    }
}
