package io.egressguard.collector.alert;

import io.egressguard.collector.Journals;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.Payload;
import io.egressguard.event.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Crafted events for the default rules, starting on an hour (the default window), with the number of
 * alerts each default rule must fire over them.
 */
final class AlertFixtures {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private AlertFixtures() {
    }

    static long at(int minutes) {
        Instant t = T0.plusSeconds(60L * minutes);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static Event event(int minute, String host, Action action, Severity severity) {
        Event e = Journals.event(at(minute), host, 443, action, 1);
        e.severity = severity;
        e.vendor = null;
        return e;
    }

    /**
     * critical: telemetry.plane.so in hour 0 (3 events) and hour 1 (1) → 2 alerts; api.segment.io hour 0 → 1.
     * blocks: blocked.example.com 10 in hour 0 (no alert), 15 in hour 1 (one alert), one record of count 12
     *         in hour 2 (one alert) → 2; the catalog's blocked attempts stay under 10.
     * payload: big.example.com 2 MiB twice in hour 0 → 1, exactly 1 MiB in hour 1 → 0.
     * new-destination: every destination once: known.example.com is known, the others 4 → 4... see {@link #NEW}.
     */
    static List<Event> events() {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Event e = event(i, "telemetry.plane.so", Action.BLOCKED, Severity.CRITICAL);
            e.vendor = "Plane";
            out.add(e);
        }
        out.add(event(5, "api.segment.io", Action.BLOCKED, Severity.CRITICAL));
        out.add(event(61, "telemetry.plane.so", Action.BLOCKED, Severity.CRITICAL));
        for (int i = 0; i < 10; i++) {
            out.add(event(10 + i, "blocked.example.com", Action.BLOCKED, Severity.HIGH));
        }
        for (int i = 0; i < 15; i++) {
            out.add(event(70 + i, "blocked.example.com", Action.BLOCKED, Severity.HIGH));
        }
        Event folded = event(130, "blocked.example.com", Action.BLOCKED, Severity.HIGH);
        folded.count = 12;
        out.add(folded);
        out.add(payload(event(20, "big.example.com", Action.MONITORED, Severity.MEDIUM), 2 * AlertRule.MIB));
        out.add(payload(event(21, "big.example.com", Action.MONITORED, Severity.MEDIUM), 2 * AlertRule.MIB));
        out.add(payload(event(80, "big.example.com", Action.MONITORED, Severity.MEDIUM), AlertRule.MIB));
        out.add(event(30, "known.example.com", Action.ALLOWED, Severity.LOW));
        out.add(event(90, "known.example.com", Action.ALLOWED, Severity.LOW));
        return out;
    }

    /** Alerts per default rule over {@link #events()} when known.example.com is already known. */
    static final int CRITICAL = 3;
    static final int BLOCKS = 2;
    static final int PAYLOAD = 1;
    /** telemetry.plane.so, api.segment.io, blocked.example.com, big.example.com */
    static final int NEW = 4;

    static Event payload(Event e, long size) {
        e.payload = new Payload();
        e.payload.size = size;
        e.payload.preview = "x";
        e.payload.previewEncoding = "text";
        return e;
    }

    /** The event that makes known.example.com known before the range under test (a day earlier). */
    static Event earlier() {
        Event e = event(-24 * 60, "known.example.com", Action.ALLOWED, Severity.LOW);
        return e;
    }
}
