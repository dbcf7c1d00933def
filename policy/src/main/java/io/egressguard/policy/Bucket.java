package io.egressguard.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules that share one key (a host, a glob suffix, a CIDR), best first. Rules with
 * {@code from:} sit apart in a {@link FromIndex} and come first: at equal specificity a rule that
 * names the caller's dependency beats one that names nobody (docs/policy.md, "Per-dependency rules").
 */
final class Bucket {
    private final RuleEntry[] entries;
    /** Null when no rule here has {@code from:}: then the caller is never asked. */
    private final FromIndex from;
    /** Some {@code from:} rule here has no ports: it could apply to any port. */
    private final boolean fromAnyPort;
    private final RuleEntry[] fromEntries;

    Bucket(List<RuleEntry> list) {
        List<RuleEntry> plain = new ArrayList<>(list.size());
        List<RuleEntry> withFrom = new ArrayList<>(0);
        boolean anyPort = false;
        for (RuleEntry e : list) {
            if (e.from == null) {
                plain.add(e);
            } else {
                withFrom.add(e);
                anyPort |= e.ports == null;
            }
        }
        this.entries = sorted(plain);
        this.fromEntries = sorted(withFrom);
        this.fromAnyPort = anyPort;
        this.from = withFrom.isEmpty() ? null : new FromIndex(withFrom);
    }

    /** Buckets inside a {@link FromIndex} keep their entries in {@link #entries}, with their patterns. */
    private Bucket(RuleEntry[] sortedEntries) {
        this.entries = sortedEntries;
        this.fromEntries = new RuleEntry[0];
        this.fromAnyPort = false;
        this.from = null;
    }

    private static RuleEntry[] sorted(List<RuleEntry> list) {
        RuleEntry[] a = list.toArray(new RuleEntry[0]);
        // insertion sort: buckets are tiny, and this keeps the build free of lambdas
        for (int i = 1; i < a.length; i++) {
            RuleEntry x = a[i];
            int j = i - 1;
            while (j >= 0 && a[j].compareTo(x) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
        return a;
    }

    /** The best rule here that applies to {@code port} whoever calls (from-rules left out), or null. */
    RuleEntry match(int port) {
        RuleEntry[] a = entries;
        for (int i = 0; i < a.length; i++) {
            if (a[i].matchesPort(port)) {
                return a[i];
            }
        }
        return null;
    }

    /**
     * The best rule here for {@code port} and {@code caller}: a from-rule naming the caller's
     * dependency, else {@link #match(int)}. The caller is asked only when a from-rule here could
     * apply to the port; a null caller or dependency matches no from-rule.
     */
    RuleEntry match(int port, Caller caller) {
        if (from != null && caller != null && couldApplyTo(port)) {
            Dependency d = caller.dependency();
            if (d != null) {
                RuleEntry e = from.match(d, port);
                if (e != null) {
                    return e;
                }
            }
        }
        return match(port);
    }

    /** True when some rule here has {@code from:}: deciding this key may need the caller. */
    boolean hasFrom() {
        return from != null;
    }

    boolean couldApplyTo(int port) {
        if (fromAnyPort) {
            return true;
        }
        RuleEntry[] a = fromEntries;
        for (int i = 0; i < a.length; i++) {
            if (a[i].matchesPort(port)) {
                return true;
            }
        }
        return false;
    }

    /** A bucket of from-rules for {@link FromIndex}: matched by pattern, not by caller. */
    static Bucket ofFromRules(List<RuleEntry> list) {
        return new Bucket(sorted(list));
    }

    FromPattern[] fromPatterns() {
        FromPattern[] out = new FromPattern[entries.length];
        for (int i = 0; i < entries.length; i++) {
            out[i] = entries[i].from;
        }
        return out;
    }

    /** For a bucket of {@link #ofFromRules}: every entry whose pattern names {@code d}, best first. */
    RuleEntry[] allNaming(FromPattern[] patterns, Dependency d) {
        List<RuleEntry> out = new ArrayList<>(2);
        for (int i = 0; i < entries.length; i++) {
            if (patterns[i].matches(d)) {
                out.add(entries[i]);
            }
        }
        return out.toArray(new RuleEntry[0]);
    }
}
