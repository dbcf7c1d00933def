package io.egressguard.policy;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * Not a unit test: {@link Policy#decide} with 1,000 from-rules, once the caller is known (the walk
 * is {@code agent/.../capture/CallerBench}). Two policies of the same 1,000 exact-host rules, without
 * and with a {@code from:} each; the second also has 1,000 from-rules at one host (pay.test, exact
 * group:artifact patterns, and a plain deny) and 100 glob from-rules at another (glob.test). Probes,
 * at connect (name and address): a host with no from-rule, under both policies (the caller is never
 * asked); a from-rule named at its host; the 1,000 at pay.test, named and not; the last of the 100
 * globs. Run like PolicyBench:
 * {@code java -cp "policy/target/classes:policy/target/test-classes:$(cat /tmp/policy-cp.txt)" io.egressguard.policy.FromRulesBench}
 */
public final class FromRulesBench {
    private static volatile Object sink;

    /** A caller whose dependency is known: what the agent's caller is after its walk. */
    private static Caller known(String group, String artifact) {
        Dependency d = Dependency.of(group, artifact);
        return new Caller() {
            @Override
            public Dependency dependency() {
                return d;
            }
        };
    }

    public static void main(String[] args) throws Exception {
        Policy plain = build(false);
        Policy from = build(true);
        InetAddress pub = PolicyFixtures.ip("203.0.113.7");
        Caller someone = known("com.vendor500", "sdk");
        for (int pass = 0; pass < 2; pass++) { // the first pass warms every path up, so no row pays for the JIT
            rows(plain, from, pub, someone, pass == 1);
        }
    }

    private static boolean print;

    private static void rows(Policy plain, Policy from, InetAddress pub, Caller someone, boolean show) {
        print = show;
        row("api500.vendor500.test, policy without from", plain, "api500.vendor500.test", pub, null);
        row("no from-rule at the host, policy with 1,000 (caller given, not asked)", from, "other.test", pub, someone);
        row("the same host, policy without from: other.test", plain, "other.test", pub, null);
        row("from-rule at its host, named (1 of 1,000 hosts)", from, "api500.vendor500.test", pub, someone);
        row("pay.test: 1,000 from-rules, named (exact group:artifact)", from, "pay.test", pub, known("com.payer777", "sdk"));
        row("pay.test: 1,000 from-rules, not named (falls to the plain deny)", from, "pay.test", pub, known("com.nobody", "x"));
        row("glob.test: 100 glob from-rules, the last one named", from, "glob.test", pub, known("com.g99.inner", "any"));
        row("glob.test: 100 glob from-rules, none named", from, "glob.test", pub, known("org.none", "any"));
    }

    private static void row(String what, Policy p, String host, InetAddress ip, Caller c) {
        if (!print) {
            time(p, host, ip, c);
            return;
        }
        System.out.printf("%-75s %6.0f ns  %3d B  %s%n", what, time(p, host, ip, c), allocated(p, host, ip, c), p.decide(host, ip, 443, c));
    }

    static Policy build(boolean withFrom) {
        PolicyBuilder b = new PolicyBuilder(withFrom ? "from" : "plain");
        PortSet https = new PortSet(new int[] {443}, new int[] {443});
        for (int i = 0; i < 1000; i++) {
            String host = "api" + i + ".vendor" + i + ".test";
            b.add(Target.parse(host), Verdict.ALLOW, false, null, https, "rule " + host,
                    withFrom ? java.util.Collections.singletonList(FromPattern.parse("com.vendor" + i + ":sdk"))
                            : java.util.Collections.<FromPattern>emptyList());
        }
        b.add(Target.parse("other.test"), Verdict.ALLOW, false, null, null, "other");
        if (withFrom) {
            b.add(Target.parse("pay.test"), Verdict.DENY, false, null, null, "deny pay");
            for (int i = 0; i < 1000; i++) {
                b.add(Target.parse("pay.test"), Verdict.ALLOW, false, null, null, "pay from " + i,
                        java.util.Collections.singletonList(FromPattern.parse("com.payer" + i + ":sdk")));
            }
            for (int i = 0; i < 100; i++) {
                b.add(Target.parse("glob.test"), Verdict.ALLOW, false, null, null, "glob from " + i,
                        java.util.Collections.singletonList(FromPattern.parse("com.g" + i + ".*:*")));
            }
        }
        return b.build();
    }

    private static double time(Policy p, String host, InetAddress ip, Caller c) {
        int iters = 2_000_000;
        for (int w = 0; w < 5; w++) {
            loop(p, host, ip, c, iters);
        }
        long best = Long.MAX_VALUE;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            loop(p, host, ip, c, iters);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return (double) best / iters;
    }

    private static void loop(Policy p, String host, InetAddress ip, Caller c, int iters) {
        Object last = null;
        for (int i = 0; i < iters; i++) {
            last = p.decide(host, ip, 443, c);
        }
        sink = last;
    }

    private static long allocated(Policy p, String host, InetAddress ip, Caller c) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        loop(p, host, ip, c, 1_000_000);
        long before = mx.getThreadAllocatedBytes(id);
        loop(p, host, ip, c, 1_000_000);
        return (mx.getThreadAllocatedBytes(id) - before) / 1_000_000;
    }
}
