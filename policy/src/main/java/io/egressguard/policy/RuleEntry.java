package io.egressguard.policy;

/**
 * One compiled rule at one key of a lookup table: optional ports, its pre-built decision, its file
 * order, and for a rule with {@code from:} one of its patterns (a rule with several has an entry each).
 */
final class RuleEntry {
    final PortSet ports;
    final Decision decision;
    final int order;
    /** Null: the rule applies whoever calls. */
    final FromPattern from;

    RuleEntry(PortSet ports, Decision decision, int order) {
        this(ports, decision, order, null);
    }

    RuleEntry(PortSet ports, Decision decision, int order, FromPattern from) {
        this.ports = ports;
        this.decision = decision;
        this.order = order;
        this.from = from;
    }

    boolean matchesPort(int port) {
        return ports == null || ports.contains(port);
    }

    /**
     * Precedence between rules at the same key (equal specificity): a rule with ports beats one
     * without; then the stricter verdict (DENY > MONITOR > ALLOW); then the earlier rule in the file.
     * Negative when {@code this} wins.
     */
    int compareTo(RuleEntry o) {
        if ((ports != null) != (o.ports != null)) {
            return ports != null ? -1 : 1;
        }
        int s = o.decision.verdict().strictness() - decision.verdict().strictness();
        if (s != 0) {
            return s;
        }
        return Integer.compare(order, o.order);
    }
}
