package io.egressguard.collector.alert;

import io.egressguard.collector.store.AlertRows;
import io.egressguard.collector.store.EventStore;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code alerts --store}: the same rules evaluated by the store in SQL, one query per rule, counting
 * per destination and fixed window as {@link AlertEngine} does. A window that began before
 * {@code since} counts only its events from {@code since} on.
 */
public final class OnDemandAlerts {
    private OnDemandAlerts() {
    }

    /** Every alert the rules make for events in [sinceNanos, untilNanos), earliest first. */
    public static List<Alert> find(EventStore store, List<AlertRule> rules, long sinceNanos, Long untilNanos) {
        List<Alert> out = new ArrayList<>();
        for (AlertRule rule : rules) {
            if (rule.kind() == AlertRule.Kind.NEW_DESTINATION) {
                for (AlertRows.FirstSeen f : store.firstSeen(sinceNanos, untilNanos)) {
                    Event first = event(store, f.firstId());
                    out.add(new Alert(rule, f.destination(), f.firstNanos(), first == null ? 1 : Math.max(1, first.count),
                            f.firstNanos(), f.firstId(), first));
                }
                continue;
            }
            AlertRows.Query q = new AlertRows.Query(sinceNanos, untilNanos,
                    rule.kind() == AlertRule.Kind.SEVERITY ? rule.severitiesAtLeast() : null,
                    rule.kind() == AlertRule.Kind.BLOCKS ? "blocked" : null,
                    rule.kind() == AlertRule.Kind.PAYLOAD ? rule.overBytes() : null,
                    rule.window().toNanos(), rule.moreThan());
            for (AlertRows.Window w : store.alertWindows(q)) {
                out.add(new Alert(rule, w.destination(), w.windowStartNanos(), w.attempts(), w.firstNanos(), w.firstId(),
                        event(store, w.firstId())));
            }
        }
        out.sort(Comparator.comparingLong(Alert::firstNanos).thenComparing(a -> a.rule().name()).thenComparing(Alert::destination));
        return out;
    }

    private static Event event(EventStore store, String id) {
        Optional<String> json = store.eventJson(id);
        if (json.isEmpty()) {
            return null;
        }
        try {
            return EventCodec.decode(json.get().getBytes(StandardCharsets.UTF_8));
        } catch (CorruptEventException | RuntimeException e) {
            return null; // the alert goes out with what the store counted
        }
    }
}
