package io.egressguard.policy;

import io.egressguard.event.Severity;

/**
 * The outcome of one policy decision. Immutable; every rule pre-builds its decisions when the policy
 * is compiled, so {@link Policy#decide} hands out shared instances and allocates nothing.
 */
public final class Decision {
    private final Verdict verdict;
    private final String rule;
    private final Severity severity;
    private final String vendor;
    private final String category;
    private final boolean byName;

    Decision(Verdict verdict, String rule, Severity severity, String vendor, String category, boolean byName) {
        this.verdict = verdict;
        this.rule = rule;
        this.severity = severity;
        this.vendor = vendor;
        this.category = category;
        this.byName = byName;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** Human name of the rule, e.g. "policy.yaml:12 deny *.segment.io", "catalog:segment.io", "default:public-internet". */
    public String rule() {
        return rule;
    }

    public Severity severity() {
        return severity;
    }

    /** The catalog vendor (e.g. "Segment"), or null when the catalog did not decide. */
    public String vendor() {
        return vendor;
    }

    /** The catalog category (e.g. "customer-data"), or null when the catalog did not decide. */
    public String category() {
        return category;
    }

    /** True when a host-name rule (user name rule, catalog or metadata name) decided. */
    public boolean byName() {
        return byName;
    }

    @Override
    public String toString() {
        return verdict + " by " + rule + " (" + severity.wireName()
                + (vendor != null ? ", " + vendor : "") + (byName ? ", by name" : "") + ")";
    }
}
