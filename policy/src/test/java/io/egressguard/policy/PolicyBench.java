package io.egressguard.policy;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * Not a unit test: measures {@link Policy#decide} for 10 to 100,000 rules (a third exact hosts, a third
 * globs, a third IPv4/IPv6 CIDRs of mixed prefix lengths). Run:
 * {@code ./mvnw -o -q -pl policy -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/policy-cp.txt &&
 * java -cp "policy/target/classes:policy/target/test-classes:$(cat /tmp/policy-cp.txt)" io.egressguard.policy.PolicyBench}
 */
public final class PolicyBench {
    private static final int[] SIZES = {10, 1_000, 10_000, 100_000};
    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        System.out.printf("%8s %12s %12s %12s %12s %12s %10s%n", "rules", "exact-hit", "glob-hit", "cidr-hit", "miss(name+ip)",
                "byName-miss", "bytes/op");
        for (int n : SIZES) {
            Policy p = build(n);
            String exact = "host" + (n / 3 / 2) + ".exact.test";
            String glob = "a.b.svc" + (n / 3 / 2) + ".glob.test";
            InetAddress cidr = PolicyFixtures.ip(v4(((n / 3 - 1) / 4) * 4));
            InetAddress miss = PolicyFixtures.ip("203.0.113.77");
            InetAddress pub = PolicyFixtures.ip("198.18.0.1");
            double e = time(p, exact, pub, 0);
            double g = time(p, glob, pub, 0);
            double c = time(p, null, cidr, 0);
            double m = time(p, "www.unknown-site.example", miss, 0);
            double bn = time(p, "www.unknown-site.example", null, 1);
            long bytes = allocated(p, "www.unknown-site.example", miss);
            System.out.printf("%8d %10.0f ns %10.0f ns %10.0f ns %10.0f ns %10.0f ns %10d%n", n, e, g, c, m, bn, bytes);
        }
    }

    static String v4(int i) {
        return "11." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    static Policy build(int n) {
        PolicyBuilder b = new PolicyBuilder("bench");
        for (int i = 0; i < n; i++) {
            Verdict action = i % 2 == 0 ? Verdict.ALLOW : Verdict.DENY;
            String t;
            switch (i % 3) {
                case 0:
                    t = "host" + (i / 3) + ".exact.test";
                    break;
                case 1:
                    t = "*.svc" + (i / 3) + ".glob.test";
                    break;
                default:
                    int k = i / 3;
                    t = k % 4 == 0 ? v4(k) + "/32"
                            : k % 4 == 1 ? "12." + ((k >> 8) & 255) + "." + (k & 255) + ".0/24"
                            : k % 4 == 2 ? "14." + ((k >> 4) & 255) + "." + ((k & 15) << 4) + ".0/20"
                            : "2001:db8:" + Integer.toHexString(k & 0xffff) + "::/48";
            }
            b.add(Target.parse(t), action, false, null, null, "bench " + t);
        }
        return b.build();
    }

    private static double time(Policy p, String host, InetAddress ip, int mode) {
        int iters = 2_000_000;
        for (int w = 0; w < 5; w++) {
            loop(p, host, ip, iters, mode);
        }
        long best = Long.MAX_VALUE;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            loop(p, host, ip, iters, mode);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return (double) best / iters;
    }

    private static void loop(Policy p, String host, InetAddress ip, int iters, int mode) {
        Object last = null;
        for (int i = 0; i < iters; i++) {
            last = mode == 0 ? p.decide(host, ip, 443) : p.decideByName(host, 443);
        }
        sink = last;
    }

    private static long allocated(Policy p, String host, InetAddress ip) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int iters = 1_000_000;
        loop(p, host, ip, iters, 0);
        long before = mx.getThreadAllocatedBytes(id);
        loop(p, host, ip, iters, 0);
        return (mx.getThreadAllocatedBytes(id) - before) / iters;
    }
}
