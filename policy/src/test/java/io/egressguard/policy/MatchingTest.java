package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.ip;
import static io.egressguard.policy.PolicyFixtures.load;
import static io.egressguard.policy.PolicyFixtures.mapped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host, glob, IP, CIDR and port matching. A public IP (203.0.113.x, TEST-NET-3) exercises the default. */
class MatchingTest {
    @TempDir
    Path dir;

    private static final String RULES = "catalog: false\nrules:\n"
            + "  - allow: api.github.com\n" // 3
            + "  - allow: \"*.example.com\"\n" // 4
            + "  - allow: .apex.org\n" // 5
            + "  - allow: 198.51.100.0/24\n" // 6
            + "  - allow: \"2001:db8::/32\"\n" // 7
            + "  - allow: \"::ffff:192.0.2.0/120\"\n" // 8
            + "  - allow: ports.test\n" // 9
            + "    ports: [443, \"8000-8100\"]\n";

    @Test
    void exactHostIsCaseInsensitiveAndIgnoresTrailingDot() throws Exception {
        Policy p = load(dir, RULES);
        assertEquals("policy.yaml:3 allow api.github.com", p.decideByName("api.github.com", 443).rule());
        assertEquals(Verdict.ALLOW, p.decideByName("API.GitHub.COM.", 443).verdict());
        assertNull(p.decideByName("github.com", 443));
        assertNull(p.decideByName("xapi.github.com", 443));
        assertNull(p.decideByName("api.github.com.evil.net", 443));
    }

    @Test
    void globMatchesSubdomainsAtAnyDepthButNotTheApex() throws Exception {
        Policy p = load(dir, RULES);
        assertEquals(Verdict.ALLOW, p.decideByName("a.example.com", 443).verdict());
        assertEquals(Verdict.ALLOW, p.decideByName("x.y.z.EXAMPLE.com.", 443).verdict());
        assertNull(p.decideByName("example.com", 443));
        assertNull(p.decideByName("badexample.com", 443));
        assertNull(p.decideByName("example.com.evil.net", 443));
    }

    @Test
    void leadingDotMatchesApexAndSubdomains() throws Exception {
        Policy p = load(dir, RULES);
        assertEquals(Verdict.ALLOW, p.decideByName("apex.org", 443).verdict());
        assertEquals(Verdict.ALLOW, p.decideByName("a.b.apex.org", 443).verdict());
        assertNull(p.decideByName("notapex.org", 443));
    }

    @Test
    void ipv4CidrBoundaries() throws Exception {
        Policy p = load(dir, RULES);
        assertEquals(Verdict.ALLOW, p.decide(null, ip("198.51.100.0"), 443).verdict());
        assertEquals(Verdict.ALLOW, p.decide(null, ip("198.51.100.255"), 443).verdict());
        assertEquals(Verdict.DENY, p.decide(null, ip("198.51.99.255"), 443).verdict());
        assertEquals(Verdict.DENY, p.decide(null, ip("198.51.101.0"), 443).verdict());
        assertEquals("default:public-internet", p.decide(null, ip("198.51.101.0"), 443).rule());
    }

    @Test
    void ipv6CidrBoundaries() throws Exception {
        Policy p = load(dir, RULES);
        assertEquals(Verdict.ALLOW, p.decide(null, ip("2001:db8::"), 443).verdict());
        assertEquals(Verdict.ALLOW, p.decide(null, ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"), 443).verdict());
        assertEquals(Verdict.DENY, p.decide(null, ip("2001:db9::"), 443).verdict());
        assertEquals(Verdict.DENY, p.decide(null, ip("2001:db7:ffff::1"), 443).verdict());
    }

    @Test
    void ipv4MappedIpv6IsNormalisedBothInRulesAndAddresses() throws Exception {
        Policy p = load(dir, RULES);
        // rule written as ::ffff:192.0.2.0/120 matches plain IPv4 ...
        assertEquals("policy.yaml:8 allow ::ffff:192.0.2.0/120", p.decide(null, ip("192.0.2.9"), 443).rule());
        // ... and a mapped address matches an IPv4 rule
        assertEquals(Verdict.ALLOW, p.decide(null, mapped("198.51.100.7"), 443).verdict());
        assertEquals(Verdict.DENY, p.decide(null, mapped("203.0.113.7"), 443).verdict());
        assertEquals(Verdict.ALLOW, Policy.defaults().decide(null, mapped("127.0.0.1"), 80).verdict());
    }

    @Test
    void hostMayBeAnIpLiteral() throws Exception {
        Policy p = load(dir, RULES);
        assertEquals(Verdict.ALLOW, p.decide("198.51.100.1", null, 443).verdict());
        assertEquals(Verdict.ALLOW, p.decide("[2001:db8::1]", null, 443).verdict());
        assertEquals(Verdict.DENY, p.decide("203.0.113.1", null, 443).verdict());
        assertNull(p.decideByName("198.51.100.1", 443), "an IP literal is not a name");
    }

    @Test
    void portsAndRanges() throws Exception {
        Policy p = load(dir, RULES);
        assertEquals(Verdict.ALLOW, p.decideByName("ports.test", 443).verdict());
        assertEquals(Verdict.ALLOW, p.decideByName("ports.test", 8000).verdict());
        assertEquals(Verdict.ALLOW, p.decideByName("ports.test", 8100).verdict());
        assertNull(p.decideByName("ports.test", 7999));
        assertNull(p.decideByName("ports.test", 8101));
        assertNull(p.decideByName("ports.test", 80));
        assertNull(p.decideByName("ports.test", -1), "a rule with ports never matches an unknown port");
        assertEquals("policy.yaml:9 allow ports.test ports 443,8000-8100", p.decideByName("ports.test", 443).rule());
    }

    @Test
    void anyHostPattern() throws Exception {
        Policy p = load(dir, "catalog: false\nrules:\n  - monitor: \"*\"\n");
        assertEquals(Verdict.MONITOR, p.decideByName("anything.at.all", 1).verdict());
        assertNull(p.decideByName("10.1.2.3", 1));
    }

    @Test
    void ruleWithSeveralPatterns() throws Exception {
        Policy p = load(dir, "rules:\n  - deny:\n      - a.test\n      - 203.0.113.0/24\n");
        assertEquals("policy.yaml:3 deny a.test", p.decideByName("a.test", 1).rule());
        assertEquals("policy.yaml:4 deny 203.0.113.0/24", p.decide(null, ip("203.0.113.5"), 1).rule());
        assertTrue(p.decideByName("a.test", 1).byName());
        assertEquals(false, p.decide(null, ip("203.0.113.5"), 1).byName());
    }

    @Test
    void ipLiteralParserIsStrict() {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, IpLiterals.parse("1.2.3.4"));
        assertNull(IpLiterals.parse("1.2.3"));
        assertNull(IpLiterals.parse("1.2.3.256"));
        assertNull(IpLiterals.parse("01.2.3.4"));
        assertNull(IpLiterals.parse("1.2.3.4.5"));
        assertNull(IpLiterals.parse("1:2:3:4:5:6:7:8:9"));
        assertNull(IpLiterals.parse("1::2::3"));
        assertNull(IpLiterals.parse("12345::"));
        assertNull(IpLiterals.parse("fe80::1%eth0"));
        assertEquals(16, IpLiterals.parse("::").length);
        assertEquals(16, IpLiterals.parse("::1").length);
        assertEquals(16, IpLiterals.parse("1:2:3:4:5:6:7:8").length);
        assertEquals(16, IpLiterals.parse("::ffff:1.2.3.4").length);
        assertTrue(IpLiterals.isMapped(IpLiterals.parse("::ffff:1.2.3.4")));
        assertEquals("2001:db8:0:0:0:0:0:0/32", Cidr.parse("2001:db8::/32").toString());
        assertEquals("1.2.3.4/32", Cidr.parse("::ffff:1.2.3.4").toString());
    }
}
