package io.egressguard.collector.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** One allow rule of a suggestion: a host, a glob over several subdomains, or an IP, and what it covers. */
final class LearnedRule {
    final String pattern;
    final List<Seen> members = new ArrayList<>();
    /** Extra comment lines, e.g. why a metadata endpoint is allowed. */
    final List<String> notes = new ArrayList<>();

    LearnedRule(String pattern) {
        this.pattern = pattern;
    }

    long passed() {
        return members.stream().mapToLong(Seen::passed).sum();
    }

    long monitored() {
        return members.stream().mapToLong(s -> s.monitored).sum();
    }

    long allowed() {
        return members.stream().mapToLong(s -> s.allowed).sum();
    }

    long firstNanos() {
        return members.stream().mapToLong(s -> s.firstNanos).min().orElse(0);
    }

    long lastNanos() {
        return members.stream().mapToLong(s -> s.lastNanos).max().orElse(0);
    }

    /**
     * {@code group:artifact} when every attempt this rule covers was made by one dependency (its
     * versions aside), named by Maven coordinates: the rule is then written with {@code from:}, so
     * that other code reaching the same destination stays denied. Null when any attempt's culprit
     * was unknown, a jar without coordinates, or another dependency.
     */
    String onlyDependency() {
        String only = null;
        for (Seen s : members) {
            if (s.origins.isEmpty()) {
                return null;
            }
            for (String origin : s.origins) {
                String ga = groupAndArtifact(origin);
                if (ga == null || (only != null && !only.equals(ga))) {
                    return null;
                }
                only = ga;
            }
        }
        return only;
    }

    /** A gav's group:artifact when both are plain Maven ids (a value from events goes into the policy only then); else null. */
    static String groupAndArtifact(String gav) {
        String[] parts = gav.split(":", -1);
        if (parts.length < 2 || !MAVEN_ID.matcher(parts[0]).matches() || !MAVEN_ID.matcher(parts[1]).matches()) {
            return null;
        }
        return parts[0] + ":" + parts[1];
    }

    private static final java.util.regex.Pattern MAVEN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    TreeSet<String> origins() {
        TreeSet<String> all = new TreeSet<>();
        members.forEach(s -> all.addAll(s.origins));
        return all;
    }

    /**
     * The ports seen, as the policy's "ports" entries (consecutive ports as "low-high"); empty when
     * no member had a known port, so the rule covers every port. A lookup (port -1) needs no port:
     * a rule with ports does not match it, and an unmatched lookup proceeds to the connect.
     */
    List<String> ports() {
        TreeSet<Integer> ports = new TreeSet<>();
        for (Seen s : members) {
            if (s.port >= 0) {
                ports.add(s.port);
            }
        }
        List<String> out = new ArrayList<>();
        Integer low = null;
        Integer high = null;
        for (int p : ports) {
            if (high != null && p == high + 1) {
                high = p;
                continue;
            }
            if (low != null) {
                out.add(low.equals(high) ? String.valueOf(low) : "\"" + low + "-" + high + "\"");
            }
            low = p;
            high = p;
        }
        if (low != null) {
            out.add(low.equals(high) ? String.valueOf(low) : "\"" + low + "-" + high + "\"");
        }
        return out;
    }
}
