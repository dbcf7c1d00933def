package io.egressguard.collector.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressguard.collector.report.Printable;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.time.Instant;

/**
 * One fired alert. {@link #json()} is what the file and the command receive (docs/alerts.md);
 * {@link #line()} is the one line on stderr, with every value from the event escaped.
 *
 * @param windowStartNanos the start of the window it fired in (new-destination: the first event's time)
 * @param attempts         attempts counted in the window when it fired (on demand: in the whole window)
 * @param first            the first event that counted, or null when the store no longer has it
 */
public record Alert(AlertRule rule, String destination, long windowStartNanos, long attempts, long firstNanos, String firstId,
                    Event first) {
    /** What makes an alert a repeat: the rule, the destination and the window. */
    public String key() {
        return key(rule.name(), destination, rule.kind() == AlertRule.Kind.NEW_DESTINATION ? 0 : windowStartNanos);
    }

    static String key(String rule, String destination, long windowStartNanos) {
        return rule + "\u0000" + destination + "\u0000" + windowStartNanos;
    }

    public String json() {
        ObjectNode n = EventCodec.mapper().createObjectNode();
        n.put("alert", rule.name());
        n.put("when", rule.kind().wireName());
        n.put("description", rule.describe());
        n.put("time", time(firstNanos));
        n.put("window_start", time(windowStartNanos));
        n.put("window", Windows.text(rule.window()));
        n.put("destination", destination);
        n.put("attempts", attempts);
        n.put("event", firstId);
        if (first != null) {
            if (first.port >= 0) {
                n.put("port", first.port);
            }
            putIf(n, "ip", first.ip);
            putIf(n, "action", first.action == null ? null : first.action.wireName());
            putIf(n, "severity", first.severity == null ? null : first.severity.wireName());
            putIf(n, "vendor", first.vendor);
            putIf(n, "policy_rule", first.rule);
            putIf(n, "api", first.api);
            if (first.culprit != null) {
                putIf(n, "culprit", first.culprit.frame);
                putIf(n, "origin", first.culprit.gav != null ? first.culprit.gav : first.culprit.jar);
            }
            if (first.jvm != null) {
                n.put("jvm", (first.jvm.hostname == null ? "" : first.jvm.hostname + ":") + first.jvm.pid);
            }
            if (first.payload != null && first.payload.size >= 0) {
                n.put("payload_size", first.payload.size);
            }
        }
        return n.toString();
    }

    public String line() {
        StringBuilder b = new StringBuilder("egressguard alert ").append(rule.name()).append(": ")
                .append(rule.describe()).append(": ").append(attempts).append(attempts == 1 ? " attempt to " : " attempts to ")
                .append(destination);
        if (first != null) {
            if (first.port >= 0) {
                b.append(':').append(first.port);
            }
            if (first.vendor != null) {
                b.append(" (").append(first.vendor).append(')');
            }
            if (first.action != null) {
                b.append(", ").append(first.action.wireName());
            }
            if (first.payload != null && first.payload.size >= 0 && rule.kind() == AlertRule.Kind.PAYLOAD) {
                b.append(", payload ").append(first.payload.size).append(" bytes");
            }
            if (first.culprit != null && (first.culprit.gav != null || first.culprit.frame != null)) {
                b.append(", by ").append(first.culprit.gav != null ? first.culprit.gav : first.culprit.frame);
            }
        }
        b.append(", since ").append(time(firstNanos)).append(", event ").append(firstId);
        return Printable.escape(b.toString());
    }

    private static void putIf(ObjectNode n, String key, String value) {
        if (value != null) {
            n.put(key, value);
        }
    }

    static String time(long nanos) {
        return Instant.ofEpochSecond(0, nanos).toString();
    }
}
