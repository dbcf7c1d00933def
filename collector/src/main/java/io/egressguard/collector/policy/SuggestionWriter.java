package io.egressguard.collector.policy;

import io.egressguard.collector.policy.PolicySuggester.CatalogDeny;
import io.egressguard.collector.policy.PolicySuggester.Suggestion;
import io.egressguard.collector.report.Printable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes a {@link Suggestion} as a policy file in the agent's YAML format (docs/policy.md). Patterns
 * are validated host names or IP literals and always quoted; everything taken from events that goes
 * into a comment is escaped, so no value can end a comment line and add a rule.
 */
public final class SuggestionWriter {
    private static final int MAX_ORIGINS = 8;
    private static final int MAX_LISTED = 200;

    private SuggestionWriter() {
    }

    /**
     * @param source what was read, for the header, e.g. "sqlite:/var/lib/eg.db, events since 2026-05-01T00:00:00Z"
     */
    public static String write(Suggestion s, String source, Instant now) {
        List<String> out = new ArrayList<>();
        out.add("# egressguard policy suggested by 'egressguard policy suggest' at " + time(now));
        out.add("# from " + escape(source) + " (" + s.rows() + " destination rows).");
        out.add("# It allows what was monitored or allowed there and denies everything else; the built-in");
        out.add("# catalog of trackers and the cloud metadata endpoints stay denied. Review it before use:");
        out.add("# egressguard policy check FILE, egressguard policy explain FILE HOST:PORT (docs/policy.md).");
        out.add("version: 1");
        out.add("mode: enforce");
        out.add("default: deny");
        out.add("catalog: true");
        out.add("metadata: true");
        out.add("private-networks: true");
        if (s.rules().isEmpty() && s.catalogDenies().isEmpty()) {
            out.add("rules: []   # nothing was monitored or allowed in this range");
        } else {
            out.add("rules:");
        }
        for (LearnedRule r : s.rules()) {
            out.add("");
            out.add("  # " + attempts(r.passed(), r.monitored(), r.allowed()) + ", first " + time(r.firstNanos())
                    + ", last " + time(r.lastNanos()));
            if (r.members.size() > 1 || r.pattern.startsWith("*") || r.pattern.startsWith(".")) {
                out.add("  # covers: " + members(r));
            }
            out.add("  # used by: " + origins(r.origins()));
            for (String note : r.notes) {
                out.add("  # " + note);
            }
            out.add("  - allow: \"" + r.pattern + "\"");
            List<String> ports = r.ports();
            if (!ports.isEmpty()) {
                out.add("    ports: [" + String.join(", ", ports) + "]");
            }
            String only = r.onlyDependency();
            if (only != null) {
                out.add("    from: \"" + only + "\"   # the only dependency seen here; other code stays denied");
            }
        }
        for (CatalogDeny d : s.catalogDenies()) {
            out.add("");
            out.add("  # catalog: " + escape(d.vendor()) + "; a user rule such as " + d.underPattern()
                    + " would beat the built-in catalog, so it is denied here too");
            out.add("  - deny: \"." + d.domain() + "\"");
            out.add("    severity: critical");
        }
        section(out, "Seen and left denied (built-in catalog of trackers; allow one by name only on purpose):",
                s.leftDenied(), true);
        section(out, "Already allowed without a rule (loopback, private networks):", s.alreadyAllowed(), false);
        section(out, "Blocked in this range and not learned (add an allow rule if they are needed):", s.blockedOnly(), false);
        section(out, "Not usable as a policy pattern (not a plain host name), left denied:", s.skipped(), false);
        return String.join("\n", out) + "\n";
    }

    private static void section(List<String> out, String title, List<Seen> items, boolean vendor) {
        if (items.isEmpty()) {
            return;
        }
        out.add("");
        out.add("# " + title);
        int n = 0;
        for (Seen s : items) {
            if (n++ == MAX_LISTED) {
                out.add("#   ... and " + (items.size() - MAX_LISTED) + " more");
                break;
            }
            long attempts = s.passed() + s.blocked;
            out.add("#   " + escape(s.label()) + (vendor && s.vendor != null ? " (" + escape(s.vendor) + ")" : "")
                    + ": " + attempts + (attempts == 1 ? " attempt" : " attempts") + ", first " + time(s.firstNanos)
                    + ", last " + time(s.lastNanos) + ", used by " + origins(s.origins));
        }
    }

    private static String attempts(long total, long monitored, long allowed) {
        String parts = monitored > 0 && allowed > 0 ? " (" + monitored + " monitored, " + allowed + " allowed)"
                : monitored > 0 ? " monitored" : " allowed";
        return total + (total == 1 ? " attempt" : " attempts") + parts;
    }

    private static String members(LearnedRule r) {
        List<String> labels = new ArrayList<>();
        for (Seen s : r.members) {
            labels.add(escape(s.label()) + " (" + s.passed() + ")");
        }
        return String.join(", ", labels);
    }

    private static String origins(TreeSet<String> origins) {
        if (origins.isEmpty()) {
            return "(unknown)";
        }
        List<String> shown = new ArrayList<>();
        for (String o : origins) {
            if (shown.size() == MAX_ORIGINS) {
                shown.add("and " + (origins.size() - MAX_ORIGINS) + " more");
                break;
            }
            shown.add(escape(o));
        }
        return String.join(", ", shown);
    }

    /**
     * A value from an event, safe inside a YAML comment: control characters escaped (Printable), and
     * the Unicode line and paragraph separators too, which YAML 1.1 parsers treat as line breaks.
     */
    static String escape(String value) {
        return Printable.escape(value).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static String time(long nanos) {
        return time(Instant.ofEpochSecond(0, nanos));
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
