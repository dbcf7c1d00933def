package io.egressguard.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code from:} rules of one key (a host, a glob suffix, a CIDR), indexed by the dependency
 * they name: exact {@code group:artifact} and {@code group:*} patterns are one hash lookup each, so
 * a thousand rules for one destination cost what one does; only patterns with a {@code *} elsewhere
 * are tried one by one, once per dependency: which of them name it is kept (an application has a
 * bounded set of jars), so a decision after the first costs a hash lookup however many globs there
 * are. The most specific pattern that names the caller wins (exact, then group, then other globs);
 * among rules with the same pattern, as in {@link Bucket}.
 */
final class FromIndex {
    /** Dependencies whose glob matches are kept at most; beyond, the globs are tried each time. */
    static final int MAX_KEPT = 4096;
    private static final RuleEntry[] NONE = new RuleEntry[0];

    private final Map<String, Bucket> exact;
    private final Map<String, Bucket> byGroup;
    private final Bucket globs;
    private final FromPattern[] globPatterns;
    /** Per dependency, the glob rules that name it, best first (the ports are checked per decision). */
    private final ConcurrentHashMap<Dependency, RuleEntry[]> globMatches = new ConcurrentHashMap<>();

    FromIndex(List<RuleEntry> entries) {
        Map<String, List<RuleEntry>> e = new HashMap<>();
        Map<String, List<RuleEntry>> g = new HashMap<>();
        List<RuleEntry> rest = new ArrayList<>();
        for (RuleEntry r : entries) {
            switch (r.from.kind) {
                case EXACT:
                    add(e, r.from.group + ':' + r.from.artifact, r);
                    break;
                case GROUP:
                    add(g, r.from.group, r);
                    break;
                default:
                    rest.add(r);
            }
        }
        exact = buckets(e);
        byGroup = buckets(g);
        globs = rest.isEmpty() ? null : Bucket.ofFromRules(rest);
        globPatterns = globs == null ? null : globs.fromPatterns();
    }

    private static void add(Map<String, List<RuleEntry>> m, String key, RuleEntry r) {
        List<RuleEntry> l = m.get(key);
        if (l == null) {
            l = new ArrayList<>(2);
            m.put(key, l);
        }
        l.add(r);
    }

    private static Map<String, Bucket> buckets(Map<String, List<RuleEntry>> m) {
        Map<String, Bucket> out = new HashMap<>(m.size() * 2);
        for (Map.Entry<String, List<RuleEntry>> e : m.entrySet()) {
            out.put(e.getKey(), Bucket.ofFromRules(e.getValue()));
        }
        return out;
    }

    /** The best rule here that names {@code d} and applies to {@code port}, or null. */
    RuleEntry match(Dependency d, int port) {
        if (!exact.isEmpty()) {
            Bucket b = exact.get(d.key());
            RuleEntry r = b == null ? null : b.match(port);
            if (r != null) {
                return r;
            }
        }
        if (!byGroup.isEmpty()) {
            Bucket b = byGroup.get(d.group());
            RuleEntry r = b == null ? null : b.match(port);
            if (r != null) {
                return r;
            }
        }
        return globs == null ? null : matchGlobs(d, port);
    }

    private RuleEntry matchGlobs(Dependency d, int port) {
        RuleEntry[] named = globMatches.get(d);
        if (named == null) {
            named = globs.allNaming(globPatterns, d);
            if (named.length == 0) {
                named = NONE;
            }
            if (globMatches.size() < MAX_KEPT) {
                globMatches.putIfAbsent(d, named);
            }
        }
        for (int i = 0; i < named.length; i++) {
            if (named[i].matchesPort(port)) {
                return named[i];
            }
        }
        return null;
    }
}
