package io.egressguard.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Policy decision time against the number of rules (issue "Benchmarks against peers", item 4): the
 * call every hook makes per attempt. The rules are a third exact hosts, a third globs ({@code *.svcN...})
 * and a third IPv4/IPv6 CIDRs of mixed prefix lengths, alternately allow and deny; the probes hit a
 * rule in the middle of each third, or miss everything (the longest walk: every label suffix, the
 * tracker catalog, every prefix length and the built-in ranges). In this package because the policy
 * builder is package-private: the benchmark builds the policy in memory, as the loader does.
 */
@State(Scope.Benchmark)
// Sample time: the median call is not preempted; an average counts the time slices a descheduled
// thread loses, which on a loaded machine is most of it (docs/BENCHMARKS.md, "Policy decision time").
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyDecisionBench {
    @Param({"10", "1000", "100000"})
    int rules;

    Policy policy;
    String exactHost;
    String globHost;
    InetAddress cidrHit;
    InetAddress missIp;
    InetAddress publicIp;

    @Setup
    public void build() throws UnknownHostException {
        PolicyBuilder b = new PolicyBuilder("bench");
        for (int i = 0; i < rules; i++) {
            Verdict action = i % 2 == 0 ? Verdict.ALLOW : Verdict.DENY;
            String t;
            int k = i / 3;
            switch (i % 3) {
                case 0:
                    t = "host" + k + ".exact.test";
                    break;
                case 1:
                    t = "*.svc" + k + ".glob.test";
                    break;
                default:
                    t = k % 4 == 0 ? v4(k) + "/32"
                            : k % 4 == 1 ? "12." + ((k >> 8) & 255) + "." + (k & 255) + ".0/24"
                            : k % 4 == 2 ? "14." + ((k >> 4) & 255) + "." + ((k & 15) << 4) + ".0/20"
                            : "2001:db8:" + Integer.toHexString(k & 0xffff) + "::/48";
            }
            b.add(Target.parse(t), action, false, null, null, "bench " + t);
        }
        policy = b.build();
        int third = Math.max(1, rules / 3);
        exactHost = "host" + (third / 2) + ".exact.test";
        globHost = "a.b.svc" + (third / 2) + ".glob.test";
        cidrHit = ip(v4(((third - 1) / 4) * 4)); // a /32 rule
        missIp = ip("203.0.113.77");
        publicIp = ip("198.18.0.1");
        if (policy.decide(exactHost, publicIp, 443).rule().indexOf("exact.test") < 0
                || policy.decide(globHost, publicIp, 443).rule().indexOf("glob.test") < 0
                || policy.decide(null, cidrHit, 443).rule().indexOf("bench 11.") < 0) {
            throw new IllegalStateException("a probe does not hit its rule: the benchmark would measure something else");
        }
    }

    @Benchmark
    public Decision exactHostHit() {
        return policy.decide(exactHost, publicIp, 443);
    }

    @Benchmark
    public Decision globHit() {
        return policy.decide(globHost, publicIp, 443);
    }

    @Benchmark
    public Decision cidrHit() {
        return policy.decide(null, cidrHit, 443);
    }

    @Benchmark
    public Decision missNameAndIp() {
        return policy.decide("www.unknown-site.example", missIp, 443);
    }

    @Benchmark
    public Decision byNameMiss() {
        return policy.decideByName("www.unknown-site.example", 443);
    }

    static String v4(int i) {
        return "11." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    /** Parsed, never resolved: no name service involved. */
    static InetAddress ip(String literal) throws UnknownHostException {
        byte[] b = IpLiterals.parse(literal);
        if (b == null) {
            throw new IllegalArgumentException(literal);
        }
        return InetAddress.getByAddress(b);
    }
}
