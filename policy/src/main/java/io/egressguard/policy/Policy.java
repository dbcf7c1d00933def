package io.egressguard.policy;

import io.egressguard.event.Severity;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * A compiled, immutable egress policy. {@link #decide} runs on the application's thread inside the
 * JDK's connect: it does no I/O and no DNS, uses no lambdas, and returns pre-built {@link Decision}s.
 *
 * <p>Precedence (docs/policy.md):
 * <ol>
 * <li>cloud metadata endpoints (by IP or name) are denied, unless an exact user rule (exact host, or a
 * /32 or /128) allows or monitors that very endpoint;</li>
 * <li>the <em>name tier</em>: the most specific user name rule (exact host &gt; longer glob &gt; shorter
 * glob &gt; "*"); only if none matches, the catalog;</li>
 * <li>the <em>IP tier</em>: the user IP rule with the longest prefix;</li>
 * <li>if both tiers matched, the stricter verdict wins (DENY &gt; MONITOR &gt; ALLOW); equal → the name rule;</li>
 * <li>otherwise loopback and private ranges are allowed and anything else gets the default.</li>
 * </ol>
 * Within one key (same specificity) a rule whose {@code from:} names the caller's dependency beats
 * rules without {@code from:} (a rule with {@code from:} that does not name it does not apply there);
 * then a rule with ports beats one without, then the stricter verdict, then the earlier rule. A rule
 * with ports never matches an unknown port (-1).
 */
public final class Policy {
    /** A name no rule can judge (see {@link HostSpelling}): refused, by address and by name alike. */
    private static final Decision MALFORMED = new Decision(Verdict.DENY, HostSpelling.MALFORMED_RULE, Severity.HIGH, null, null, false);
    private static final Decision MALFORMED_BY_NAME = new Decision(Verdict.DENY, HostSpelling.MALFORMED_RULE, Severity.HIGH, null, null, true);

    private final String source;
    private final List<Path> inputs;
    private final int ruleCount;
    private final boolean monitorAll;
    private final boolean touchesLocal;
    private final boolean hasFromRules;
    private final boolean hasFromIpRules;
    private final HostTable exactHosts;
    private final HostTable globs;
    private final Bucket anyHost;
    private final CidrTable userCidrs;
    private final HostTable catalog;
    private final HostTable metadataNames;
    private final CidrTable metadataIps;
    private final CidrTable ranges;
    private final Decision localhost;
    private final Decision fallback;
    /** Fail-closed only: every name but localhost is refused at lookup, so nothing leaks via DNS. */
    private Decision nameFallback;

    Policy(String source, List<Path> inputs, int ruleCount, boolean monitorAll, boolean touchesLocal, HostTable exactHosts, HostTable globs,
            Bucket anyHost, CidrTable userCidrs, HostTable catalog, HostTable metadataNames, CidrTable metadataIps,
            CidrTable ranges, Decision localhost, Decision fallback) {
        this(source, inputs, ruleCount, monitorAll, touchesLocal, false, false, exactHosts, globs, anyHost, userCidrs, catalog, metadataNames,
                metadataIps, ranges, localhost, fallback);
    }

    Policy(String source, List<Path> inputs, int ruleCount, boolean monitorAll, boolean touchesLocal, boolean hasFromRules,
            boolean hasFromIpRules, HostTable exactHosts, HostTable globs, Bucket anyHost, CidrTable userCidrs, HostTable catalog, HostTable metadataNames,
            CidrTable metadataIps, CidrTable ranges, Decision localhost, Decision fallback) {
        this.hasFromRules = hasFromRules;
        this.hasFromIpRules = hasFromIpRules;
        this.source = source;
        this.inputs = Collections.unmodifiableList(new java.util.ArrayList<>(inputs));
        this.ruleCount = ruleCount;
        this.monitorAll = monitorAll;
        this.touchesLocal = touchesLocal;
        this.exactHosts = exactHosts;
        this.globs = globs;
        this.anyHost = anyHost;
        this.userCidrs = userCidrs;
        this.catalog = catalog;
        this.metadataNames = metadataNames;
        this.metadataIps = metadataIps;
        this.ranges = ranges;
        this.localhost = localhost;
        this.fallback = fallback;
    }

    /** The policy used when no file is configured: see docs/policy.md "Defaults". */
    public static Policy defaults() {
        return DefaultsHolder.DEFAULTS;
    }

    private static final class DefaultsHolder {
        static final Policy DEFAULTS = new PolicyBuilder("defaults").build();
    }

    /** {@link #source()} of a {@link #failClosed} policy. */
    public static final String FAIL_CLOSED = "fail-closed";

    /**
     * Denies everything but loopback, localhost and this host's own name ({@link LocalNames}), with
     * rule "fail-closed: &lt;reason&gt;" and severity high. The own name is allowed by name, so it
     * resolves and its addresses connect (not necessarily loopback in a container).
     */
    public static Policy failClosed(String reason) {
        Decision deny = new Decision(Verdict.DENY, "fail-closed: " + reason, Severity.HIGH, null, null, false);
        Decision denyByName = new Decision(Verdict.DENY, "fail-closed: " + reason, Severity.HIGH, null, null, true);
        java.util.Map<String, Bucket> own = new java.util.HashMap<>();
        String name = LocalNames.ownHostName();
        own.put(name.substring(0, HostNames.end(name)).toLowerCase(java.util.Locale.ROOT),
                BuiltIns.one(new Decision(Verdict.ALLOW, BuiltIns.OWN_NAME_RULE, Severity.LOW, null, null, true)));
        Policy p = new Policy(FAIL_CLOSED, Collections.<Path>emptyList(), 0, false, false, new HostTable(own), HostTable.EMPTY,
                null, CidrTable.EMPTY, HostTable.EMPTY, HostTable.EMPTY, CidrTable.EMPTY, BuiltIns.ranges(false),
                BuiltIns.loopbackDecision(), deny);
        p.nameFallback = denyByName;
        return p;
    }

    /** The policy file's path, "defaults", or "fail-closed". */
    public String source() {
        return source;
    }

    /** Every file this policy was read from (the policy file first, then its lists): what a watcher polls. */
    public List<Path> inputs() {
        return inputs;
    }

    /** Number of user rules (each pattern of each rule and each list entry counts once). */
    public int ruleCount() {
        return ruleCount;
    }

    /**
     * True when a user rule could decide a loopback or wildcard address, localhost, *.localhost or
     * this host's name otherwise than the built-in allow (an IP rule overlapping loopback, a name rule
     * that can match one of those names, or "*"). False: they are allowed, and unrecorded unless
     * everything is recorded, so the gate need not hold them while start-up finishes.
     */
    public boolean decidesLocalDestinations() {
        return touchesLocal;
    }

    /**
     * True when some rule has {@code from:}: only then can a decision depend on who calls, and is a
     * {@link Caller} worth passing. False: {@link #decide(String, InetAddress, int)} is the whole answer.
     */
    public boolean hasFromRules() {
        return hasFromRules;
    }

    /** True when some IP or CIDR rule has {@code from:}: a name's connect may then depend on who calls. */
    public boolean hasFromIpRules() {
        return hasFromIpRules;
    }

    /** True when the file says {@code mode: monitor}: nothing is denied, denials become MONITOR. */
    public boolean monitorMode() {
        return monitorAll;
    }

    /**
     * Decides one outbound attempt.
     *
     * @param host the host name as the application gave it (any case, optional trailing dot), an IP
     *     literal, or null
     * @param ip the address being connected to, or null when not yet resolved
     * @param port the destination port, or -1 when unknown
     */
    public Decision decide(String host, InetAddress ip, int port) {
        return decide(host, ip, port, null);
    }

    /**
     * {@link #decide(String, InetAddress, int)} for an attempt made by {@code caller}, which is asked
     * for its dependency only when a {@code from:} rule sits at a key that matches the destination
     * and port (null: a caller that matches no {@code from:} rule).
     */
    public Decision decide(String host, InetAddress ip, int port, Caller caller) {
        int hostEnd = 0;
        if (host != null) {
            hostEnd = HostNames.end(host);
            if (hostEnd == 0) {
                host = null;
            } else if (IpLiterals.looksLiteral(host, hostEnd)) {
                if (ip == null) {
                    byte[] b = IpLiterals.parseHostLiteral(host, hostEnd);
                    if (b != null) {
                        return decideAddress(null, 0, b, port, caller);
                    }
                    if (host.indexOf(':') >= 0) {
                        return MALFORMED; // a colon, yet no IPv6 literal: x:telemetry.plane.so through a hosts file
                    }
                }
                host = null; // an IP literal is not a name: name rules do not apply to it
            } else {
                String spelled = HostSpelling.canonical(host);
                if (spelled == null) {
                    return MALFORMED;
                }
                if (spelled != host) {
                    return decide(spelled, ip, port, caller); // once: a canonical name is its own (it may be a literal now)
                }
            }
        }
        if (ip == null) {
            return decideAddress(host, hostEnd, null, port, caller);
        }
        return decideAddress(host, hostEnd, ip.getAddress(), port, caller);
    }

    private Decision decideAddress(String host, int hostEnd, byte[] a, int port, Caller caller) {
        boolean v4 = false;
        int a4 = 0;
        long hi = 0;
        long lo = 0;
        if (a != null) {
            if (a.length == 4) {
                v4 = true;
                a4 = IpLiterals.v4(a, 0);
            } else if (IpLiterals.isMapped(a)) {
                v4 = true;
                a4 = IpLiterals.v4(a, 12);
            } else {
                hi = IpLiterals.long8(a, 0);
                lo = IpLiterals.long8(a, 8);
            }
        }
        // 1. cloud metadata endpoints
        RuleEntry meta = null;
        if (host != null) {
            Bucket b = metadataNames.get(host, 0, hostEnd);
            if (b != null) {
                meta = b.match(port);
            }
        }
        if (meta == null && a != null) {
            meta = v4 ? metadataIps.exact4(a4, port) : metadataIps.exact6(hi, lo, port);
        }
        if (meta != null) {
            RuleEntry exact = exactUserAllow(host, hostEnd, a, v4, a4, hi, lo, port, caller);
            return exact != null ? exact.decision : meta.decision;
        }
        // 2. name tier: user name rules, else the catalog
        RuleEntry byName = null;
        if (host != null) {
            byName = userName(host, hostEnd, port, caller);
            if (byName == null) {
                byName = catalogMatch(host, hostEnd);
            }
        }
        // 3. IP tier
        RuleEntry byIp = null;
        if (a != null) {
            byIp = v4 ? userCidrs.match4(a4, port, caller) : userCidrs.match6(hi, lo, port, caller);
        }
        // 4. both: the stricter verdict, equal → the name rule
        if (byName != null) {
            if (byIp != null && byIp.decision.verdict().strictness() > byName.decision.verdict().strictness()) {
                return byIp.decision;
            }
            return byName.decision;
        }
        if (byIp != null) {
            return byIp.decision;
        }
        // 5. built-in ranges, then the default
        if (a != null) {
            RuleEntry r = v4 ? ranges.match4(a4, port) : ranges.match6(hi, lo, port);
            return r != null ? r.decision : fallback;
        }
        if (host != null && HostNames.isLocalhost(host, hostEnd)) {
            return localhost;
        }
        return fallback;
    }

    /**
     * Decides by host name alone, before any lookup: metadata names, user name rules and the catalog.
     * Returns null when none of them matches (never the IP defaults), so the DNS hook only refuses a
     * lookup that a name rule decided. IP literals return null.
     */
    public Decision decideByName(String host, int port) {
        return decideByName(host, port, null);
    }

    /** {@link #decideByName(String, int)} for an attempt made by {@code caller} (see {@link #decide(String, InetAddress, int, Caller)}). */
    public Decision decideByName(String host, int port, Caller caller) {
        if (host == null) {
            return null;
        }
        int end = HostNames.end(host);
        if (end == 0) {
            return null;
        }
        if (IpLiterals.looksLiteral(host, end)) {
            // a colon that makes no IPv6 literal is a malformed name; a literal queries nothing
            return host.indexOf(':') >= 0 && IpLiterals.parseHostLiteral(host, end) == null ? MALFORMED_BY_NAME : null;
        }
        String spelled = HostSpelling.canonical(host);
        if (spelled == null) {
            return MALFORMED_BY_NAME;
        }
        if (spelled != host) {
            return decideByName(spelled, port, caller);
        }
        Bucket mb = metadataNames.get(host, 0, end);
        RuleEntry meta = mb == null ? null : mb.match(port);
        if (meta != null) {
            RuleEntry exact = exactUserAllow(host, end, null, false, 0, 0, 0, port, caller);
            return exact != null ? exact.decision : meta.decision;
        }
        RuleEntry e = userName(host, end, port, caller);
        if (e == null) {
            e = catalogMatch(host, end);
        }
        if (e == null && nameFallback != null && !HostNames.isLocalhost(host, end) && !LocalNames.isOwn(host, end)) {
            return nameFallback;
        }
        return e == null ? null : e.decision;
    }

    /**
     * The address an IPv4 or IPv6 literal (brackets allowed) stands for, parsed here and never looked
     * up ({@code InetAddress.getByName} would query DNS for "999.1.1.1"); null when it is no literal.
     */
    public static InetAddress literalAddress(String host) {
        int end = host == null ? 0 : HostNames.end(host);
        byte[] b = end == 0 ? null : IpLiterals.parseHostLiteral(host, end);
        if (b == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            return null; // not 4 or 16 bytes: cannot happen for a parsed literal
        }
    }

    /** Most specific user name rule: exact host, then globs from the longest suffix, then "*". */
    private RuleEntry userName(String host, int end, int port, Caller caller) {
        Bucket b = exactHosts.get(host, 0, end);
        if (b != null) {
            RuleEntry e = b.match(port, caller);
            if (e != null) {
                return e;
            }
        }
        if (globs.size() > 0) {
            for (int i = 0; i < end; i++) {
                if (host.charAt(i) == '.') {
                    b = globs.get(host, i + 1, end);
                    if (b != null) {
                        RuleEntry e = b.match(port, caller);
                        if (e != null) {
                            return e;
                        }
                    }
                }
            }
        }
        return anyHost == null ? null : anyHost.match(port, caller);
    }

    /** Catalog entries cover the domain and its subdomains: the longest listed suffix wins. */
    private RuleEntry catalogMatch(String host, int end) {
        if (catalog.size() == 0) {
            return null;
        }
        int from = 0;
        while (true) {
            Bucket b = catalog.get(host, from, end);
            if (b != null) {
                return b.match(-1);
            }
            int dot = host.indexOf('.', from);
            if (dot < 0 || dot >= end) {
                return null;
            }
            from = dot + 1;
        }
    }

    /** An exact user allow/monitor rule for this very host or address: the only thing that unblocks metadata. */
    private RuleEntry exactUserAllow(String host, int end, byte[] a, boolean v4, int a4, long hi, long lo, int port, Caller caller) {
        if (host != null) {
            Bucket b = exactHosts.get(host, 0, end);
            RuleEntry e = b == null ? null : b.match(port, caller);
            if (e != null && e.decision.verdict() != Verdict.DENY) {
                return e;
            }
        }
        if (a != null) {
            RuleEntry e = v4 ? userCidrs.exact4(a4, port, caller) : userCidrs.exact6(hi, lo, port, caller);
            if (e != null && e.decision.verdict() != Verdict.DENY) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Policy[" + source + ", " + ruleCount + " rules" + (hasFromRules ? " (some with from)" : "") + (monitorAll ? ", monitor mode" : "") + "]";
    }
}
