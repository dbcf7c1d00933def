package io.egressguard.collector.alert;

import io.egressguard.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the rules on events as they are committed, one at a time, in memory. Windows are fixed
 * (they start at multiples of their length, by event time), so a drain and {@code alerts --store}
 * over the same events fire for the same rule, destination and window. Not thread-safe: one
 * dispatcher thread owns it.
 */
public final class AlertEngine {
    /** Windows this far behind the newest one seen are forgotten (late journals still count within it). */
    private static final int WINDOWS_KEPT = 2;

    private final List<AlertRule> rules;
    private final Set<String> known;
    private final Set<String> fired;
    private final Map<String, Tally> tallies = new HashMap<>();
    private long newestNanos = Long.MIN_VALUE;
    private long evaluated;

    private static final class Tally {
        long attempts;
        Event first;
    }

    /**
     * @param known destinations already in the store (the new-destination rule skips them)
     * @param fired keys of alerts already sent ({@link Alert#key()}), e.g. read back from the alerts file
     */
    public AlertEngine(List<AlertRule> rules, Set<String> known, Set<String> fired) {
        this.rules = rules;
        this.known = new HashSet<>(known);
        this.fired = new HashSet<>(fired);
    }

    public static String destinationOf(Event e) {
        return e.host != null ? e.host.toLowerCase(Locale.ROOT) : e.ip != null ? e.ip : "?";
    }

    /** The alerts this event makes fire, in rule order. */
    public List<Alert> evaluate(Event e) {
        List<Alert> out = new ArrayList<>(0);
        String destination = destinationOf(e);
        if (e.time > newestNanos) {
            newestNanos = e.time;
        }
        for (AlertRule rule : rules) {
            if (!rule.counts(e)) {
                continue;
            }
            if (rule.kind() == AlertRule.Kind.NEW_DESTINATION) {
                if (known.add(destination)) {
                    fire(out, rule, destination, e.time, Math.max(1, e.count), e);
                }
                continue;
            }
            long windowStart = Windows.start(e.time, rule.window());
            String key = Alert.key(rule.name(), destination, windowStart);
            if (fired.contains(key)) {
                continue;
            }
            Tally t = tallies.computeIfAbsent(key, k -> new Tally());
            t.attempts += Math.max(1, e.count);
            if (t.first == null || e.time < t.first.time) {
                t.first = e;
            }
            if (t.attempts > rule.moreThan()) {
                tallies.remove(key);
                fire(out, rule, destination, windowStart, t.attempts, t.first);
            }
        }
        known.add(destination);
        if (++evaluated % 4096 == 0) {
            forgetOldWindows();
        }
        return out;
    }

    private void fire(List<Alert> out, AlertRule rule, String destination, long windowStart, long attempts, Event first) {
        Alert a = new Alert(rule, destination, windowStart, attempts, first.time, first.id, first);
        if (fired.add(a.key())) {
            out.add(a);
        }
    }

    /** Keeps memory bounded by the destinations of the last few windows. */
    private void forgetOldWindows() {
        for (Iterator<Map.Entry<String, Tally>> it = tallies.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Tally> e = it.next();
            AlertRule rule = ruleNamed(e.getKey().substring(0, e.getKey().indexOf('\u0000')));
            long window = rule == null ? 0 : rule.window().toNanos();
            if (rule == null || e.getValue().first.time < newestNanos - WINDOWS_KEPT * window) {
                it.remove();
            }
        }
        fired.removeIf(key -> {
            int last = key.lastIndexOf('\u0000');
            AlertRule rule = ruleNamed(key.substring(0, key.indexOf('\u0000')));
            return rule != null && rule.kind() != AlertRule.Kind.NEW_DESTINATION
                    && Long.parseLong(key.substring(last + 1)) < newestNanos - (WINDOWS_KEPT + 1) * rule.window().toNanos();
        });
    }

    private AlertRule ruleNamed(String name) {
        for (AlertRule r : rules) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
