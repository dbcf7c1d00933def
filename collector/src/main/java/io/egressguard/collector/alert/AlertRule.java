package io.egressguard.collector.alert;

import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One alert rule: which events it counts, how many attempts per destination and window make it
 * fire, and the window. A rule fires at most once per destination and window (new-destination: once
 * per destination).
 *
 * @param severity  SEVERITY: the lowest severity that counts
 * @param moreThan  fire when the attempts in a window exceed this (0: at the first attempt)
 * @param overBytes PAYLOAD: payloads larger than this count
 */
public record AlertRule(String name, Kind kind, Severity severity, long moreThan, long overBytes, Duration window) {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final long MIB = 1024 * 1024;

    public enum Kind {
        /** Any attempt at or above a severity. */
        SEVERITY("severity"),
        /** Blocked attempts to one destination. */
        BLOCKS("blocks"),
        /** A payload over a size. */
        PAYLOAD("payload"),
        /** A destination the store has never seen. */
        NEW_DESTINATION("new-destination");

        final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.wireName.equals(text.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            return null;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The rules that apply without a file (docs/alerts.md). */
    public static List<AlertRule> defaults() {
        return List.of(
                new AlertRule("critical", Kind.SEVERITY, Severity.CRITICAL, 0, 0, DEFAULT_WINDOW),
                new AlertRule("blocks", Kind.BLOCKS, null, 10, 0, DEFAULT_WINDOW),
                new AlertRule("large-payload", Kind.PAYLOAD, null, 0, MIB, DEFAULT_WINDOW),
                new AlertRule("new-destination", Kind.NEW_DESTINATION, null, 0, 0, DEFAULT_WINDOW));
    }

    /** Whether the event counts for this rule (new-destination: every event; the engine decides newness). */
    boolean counts(Event e) {
        return switch (kind) {
            case SEVERITY -> e.severity != null && rank(e.severity) >= rank(severity);
            case BLOCKS -> e.action == Action.BLOCKED;
            case PAYLOAD -> e.payload != null && e.payload.size > overBytes;
            case NEW_DESTINATION -> true;
        };
    }

    /** Severities at or above this rule's, as stored (wire names). */
    List<String> severitiesAtLeast() {
        return java.util.Arrays.stream(Severity.values()).filter(s -> rank(s) >= rank(severity)).map(Severity::wireName).toList();
    }

    static int rank(Severity s) {
        return switch (s) {
            case CRITICAL -> 3;
            case HIGH -> 2;
            case MEDIUM -> 1;
            default -> 0;
        };
    }

    /** How the rule reads in alerts and docs, e.g. "more than 10 blocked attempts per 1h to one destination". */
    public String describe() {
        return switch (kind) {
            case SEVERITY -> "an attempt of severity " + severity.wireName() + (rank(severity) < 3 ? " or higher" : "");
            case BLOCKS -> "more than " + moreThan + " blocked attempts per " + Windows.text(window) + " to one destination";
            case PAYLOAD -> "a payload over " + Windows.bytes(overBytes);
            case NEW_DESTINATION -> "a destination never seen before";
        } + (kind != Kind.BLOCKS && moreThan > 0 ? " (more than " + moreThan + " per " + Windows.text(window) + ")" : "");
    }
}
