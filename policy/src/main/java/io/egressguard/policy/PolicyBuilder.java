package io.egressguard.policy;

import io.egressguard.event.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compiles rules into the lookup tables of a {@link Policy}. Used by the loader, the defaults and tests. */
final class PolicyBuilder {
    private final String source;
    private boolean monitorAll;
    private boolean catalog = true;
    private boolean metadata = true;
    private boolean privateNetworks = true;
    private Verdict defaultAction = Verdict.DENY;
    private Severity defaultSeverity = Severity.MEDIUM;
    private final List<Path> inputs = new ArrayList<>();
    private final Map<String, List<RuleEntry>> exact = new HashMap<>();
    private final Map<String, List<RuleEntry>> globs = new HashMap<>();
    private final List<RuleEntry> anyHost = new ArrayList<>();
    private final Map<Cidr, List<RuleEntry>> cidrs = new LinkedHashMap<>();
    private int order;
    private int rules;
    private boolean touchesLocal;
    private boolean hasFromRules;
    private boolean hasFromIpRules;

    PolicyBuilder(String source) {
        this.source = source;
    }

    PolicyBuilder monitorAll(boolean on) {
        monitorAll = on;
        return this;
    }

    PolicyBuilder catalog(boolean on) {
        catalog = on;
        return this;
    }

    PolicyBuilder metadata(boolean on) {
        metadata = on;
        return this;
    }

    PolicyBuilder privateNetworks(boolean on) {
        privateNetworks = on;
        return this;
    }

    PolicyBuilder defaultAction(Verdict action, Severity severity) {
        defaultAction = action;
        defaultSeverity = severity;
        return this;
    }

    PolicyBuilder input(Path file) {
        inputs.add(file);
        return this;
    }

    /** Default severity when a rule gives none: deny high, monitor medium, allow low. */
    static Severity defaultSeverity(Verdict action) {
        return action == Verdict.DENY ? Severity.HIGH : action == Verdict.MONITOR ? Severity.MEDIUM : Severity.LOW;
    }

    /**
     * Adds one rule. {@code action} is what the rule says (ALLOW, DENY or MONITOR); a DENY in monitor
     * mode (the rule's own {@code mode: monitor} or the global one) yields MONITOR.
     */
    PolicyBuilder add(Target target, Verdict action, boolean ruleMonitor, Severity severity, PortSet ports, String ruleName) {
        return add(target, action, ruleMonitor, severity, ports, ruleName, java.util.Collections.<FromPattern>emptyList());
    }

    /**
     * As above, for a rule that applies only when the attempt's culprit is one of the dependencies
     * {@code from} names (empty: whoever calls). One entry per pattern, sharing the rule's decision
     * and place in the file.
     */
    PolicyBuilder add(Target target, Verdict action, boolean ruleMonitor, Severity severity, PortSet ports, String ruleName,
                      List<FromPattern> from) {
        Verdict v = action == Verdict.DENY && (ruleMonitor || monitorAll) ? Verdict.MONITOR : action;
        Decision d = new Decision(v, ruleName, severity != null ? severity : defaultSeverity(action), null, null, target.isName());
        int at = order++;
        rules++;
        touchesLocal |= LocalNames.couldMatch(target);
        if (from.isEmpty()) {
            put(target, new RuleEntry(ports, d, at));
        } else {
            hasFromRules = true;
            hasFromIpRules |= !target.isName();
            for (FromPattern f : from) {
                put(target, new RuleEntry(ports, d, at, f));
            }
        }
        return this;
    }

    private void put(Target target, RuleEntry e) {
        switch (target.kind) {
            case EXACT:
                list(exact, target.host).add(e);
                break;
            case GLOB:
                list(globs, target.host).add(e);
                break;
            case APEX_AND_SUBDOMAINS:
                list(exact, target.host).add(e);
                list(globs, target.host).add(e);
                break;
            case ANY_HOST:
                anyHost.add(e);
                break;
            default:
                List<RuleEntry> l = cidrs.get(target.cidr);
                if (l == null) {
                    l = new ArrayList<>(2);
                    cidrs.put(target.cidr, l);
                }
                l.add(e);
        }
    }

    private static List<RuleEntry> list(Map<String, List<RuleEntry>> map, String key) {
        List<RuleEntry> l = map.get(key);
        if (l == null) {
            l = new ArrayList<>(2);
            map.put(key, l);
        }
        return l;
    }

    Policy build() {
        Decision def = new Decision(defaultAction == Verdict.DENY && monitorAll ? Verdict.MONITOR : defaultAction,
                BuiltIns.PUBLIC_RULE, defaultSeverity, null, null, false);
        return new Policy(source, inputs, rules, monitorAll, touchesLocal, hasFromRules, hasFromIpRules,
                hostTable(exact), hostTable(globs), anyHost.isEmpty() ? null : new Bucket(anyHost),
                cidrTable(cidrs),
                catalog ? Catalog.table(monitorAll) : HostTable.EMPTY,
                metadata ? BuiltIns.metadataNames(monitorAll) : HostTable.EMPTY,
                metadata ? BuiltIns.metadataIps(monitorAll) : CidrTable.EMPTY,
                BuiltIns.ranges(privateNetworks), BuiltIns.loopbackDecision(), def);
    }

    private static HostTable hostTable(Map<String, List<RuleEntry>> m) {
        Map<String, Bucket> out = new HashMap<>(m.size() * 2);
        for (Map.Entry<String, List<RuleEntry>> e : m.entrySet()) {
            out.put(e.getKey(), new Bucket(e.getValue()));
        }
        return new HostTable(out);
    }

    private static CidrTable cidrTable(Map<Cidr, List<RuleEntry>> m) {
        Map<Cidr, Bucket> out = new HashMap<>(m.size() * 2);
        for (Map.Entry<Cidr, List<RuleEntry>> e : m.entrySet()) {
            out.put(e.getKey(), new Bucket(e.getValue()));
        }
        return new CidrTable(out);
    }
}
