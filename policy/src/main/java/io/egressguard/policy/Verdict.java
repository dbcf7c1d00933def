package io.egressguard.policy;

/** What the agent does with one outbound attempt. */
public enum Verdict {
    /** Let it through without a record. */
    ALLOW,
    /** Refuse it and record it. */
    DENY,
    /** Let it through but record it as "monitored" (a deny rule in monitor mode, or a monitor rule). */
    MONITOR;

    /** Rank used to break ties: the stricter verdict wins (DENY > MONITOR > ALLOW). */
    int strictness() {
        return this == DENY ? 2 : this == MONITOR ? 1 : 0;
    }
}
