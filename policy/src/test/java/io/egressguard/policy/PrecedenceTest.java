package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.ip;
import static io.egressguard.policy.PolicyFixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per precedence rule of docs/policy.md, in the documented order. */
class PrecedenceTest {
    @TempDir
    Path dir;

    // 1. metadata
    @Test
    void metadataBeatsBroadAllowsAndTheLinkLocalRange() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: 169.254.0.0/16\n  - allow: \"*.internal\"\n  - allow: \"*\"\n");
        assertEquals("metadata:169.254.169.254", p.decide(null, ip("169.254.169.254"), 80).rule());
        assertEquals(Verdict.DENY, p.decide(null, ip("169.254.169.254"), 80).verdict());
        assertEquals("metadata:metadata.google.internal", p.decide("metadata.google.internal", ip("169.254.169.254"), 80).rule());
        assertEquals(Verdict.ALLOW, p.decide(null, ip("169.254.10.10"), 80).verdict());
    }

    @Test
    void exactAllowUnblocksOneMetadataEndpoint() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: 169.254.169.254\n  - allow: metadata.google.internal\n    ports: [80]\n");
        assertEquals("policy.yaml:2 allow 169.254.169.254", p.decide(null, ip("169.254.169.254"), 80).rule());
        assertEquals(Verdict.ALLOW, p.decideByName("metadata.google.internal", 80).verdict());
        assertEquals(Verdict.DENY, p.decideByName("metadata.google.internal", 8080).verdict(), "ports still apply");
        assertEquals(Verdict.DENY, p.decide(null, ip("fd00:ec2::254"), 80).verdict(), "only the named endpoint");
    }

    // 2. name tier
    @Test
    void exactHostBeatsLongerGlobBeatsShorterGlobBeatsStar() throws Exception {
        Policy p = load(dir, "catalog: false\nrules:\n"
                + "  - deny: \"*\"\n" // 3
                + "  - allow: \"*.com\"\n" // 4
                + "  - deny: \"*.example.com\"\n" // 5
                + "  - allow: \"*.api.example.com\"\n" // 6
                + "  - deny: v1.api.example.com\n"); // 7
        assertEquals("policy.yaml:7 deny v1.api.example.com", p.decideByName("v1.api.example.com", 443).rule());
        assertEquals("policy.yaml:6 allow *.api.example.com", p.decideByName("v2.api.example.com", 443).rule());
        assertEquals("policy.yaml:5 deny *.example.com", p.decideByName("www.example.com", 443).rule());
        assertEquals("policy.yaml:4 allow *.com", p.decideByName("other.com", 443).rule());
        assertEquals("policy.yaml:3 deny *", p.decideByName("other.org", 443).rule());
    }

    @Test
    void userNameRuleBeatsCatalog() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: o123.ingest.sentry.io\n");
        assertEquals(Verdict.ALLOW, p.decideByName("o123.ingest.sentry.io", 443).verdict());
        assertEquals("catalog:sentry.io", p.decideByName("o456.ingest.sentry.io", 443).rule());
    }

    // 3. IP tier: longest prefix
    @Test
    void longerPrefixBeatsShorter() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: 203.0.0.0/8\n  - deny: 203.0.113.0/24\n  - allow: 203.0.113.128/25\n"
                + "  - allow: \"2001:db8::/32\"\n  - deny: \"2001:db8:1::/48\"\n");
        assertEquals(Verdict.ALLOW, p.decide(null, ip("203.9.9.9"), 443).verdict());
        assertEquals("policy.yaml:3 deny 203.0.113.0/24", p.decide(null, ip("203.0.113.1"), 443).rule());
        assertEquals("policy.yaml:4 allow 203.0.113.128/25", p.decide(null, ip("203.0.113.200"), 443).rule());
        assertEquals(Verdict.DENY, p.decide(null, ip("2001:db8:1::5"), 443).verdict());
        assertEquals(Verdict.ALLOW, p.decide(null, ip("2001:db8:2::5"), 443).verdict());
    }

    // 4. both tiers
    @Test
    void nameAllowBeatsThePublicDefaultAndBuiltInRanges() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: api.github.com\n  - deny: db.corp\n");
        Decision d = p.decide("api.github.com", ip("203.0.113.10"), 443);
        assertEquals(Verdict.ALLOW, d.verdict());
        assertTrue(d.byName());
        assertEquals(Verdict.DENY, p.decide("db.corp", ip("10.0.0.5"), 5432).verdict(), "a name deny beats the private range");
    }

    @Test
    void whenNameAndIpRulesDisagreeTheStricterWins() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: api.partner.test\n  - deny: 203.0.113.0/24\n"
                + "  - deny: tracker.test\n  - allow: 198.51.100.0/24\n");
        Decision d = p.decide("api.partner.test", ip("203.0.113.10"), 443);
        assertEquals("policy.yaml:3 deny 203.0.113.0/24", d.rule());
        assertFalse(d.byName());
        assertEquals("policy.yaml:4 deny tracker.test", p.decide("tracker.test", ip("198.51.100.1"), 443).rule());
        assertEquals(Verdict.ALLOW, p.decide("api.partner.test", ip("198.51.100.1"), 443).verdict());
    }

    @Test
    void equalVerdictsFromBothTiersReportTheNameRule() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: a.test\n  - allow: 203.0.113.0/24\n");
        Decision d = p.decide("a.test", ip("203.0.113.10"), 443);
        assertEquals("policy.yaml:2 allow a.test", d.rule());
        assertTrue(d.byName());
    }

    @Test
    void catalogCannotBeUnblockedByAnIpAllow() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: 0.0.0.0/0\n");
        assertEquals("catalog:segment.io", p.decide("api.segment.io", ip("203.0.113.10"), 443).rule());
        assertEquals(Verdict.ALLOW, p.decide("example.net", ip("203.0.113.10"), 443).verdict());
    }

    // within one key
    @Test
    void ruleWithPortsBeatsRuleWithoutAtEqualSpecificity() throws Exception {
        Policy p = load(dir, "rules:\n  - deny: \"*.svc.test\"\n  - allow: \"*.svc.test\"\n    ports: [443]\n"
                + "  - deny: 203.0.113.0/24\n  - allow: 203.0.113.0/24\n    ports: [\"8000-8100\"]\n");
        assertEquals(Verdict.ALLOW, p.decideByName("a.svc.test", 443).verdict());
        assertEquals(Verdict.DENY, p.decideByName("a.svc.test", 80).verdict());
        assertEquals(Verdict.ALLOW, p.decide(null, ip("203.0.113.1"), 8080).verdict());
        assertEquals(Verdict.DENY, p.decide(null, ip("203.0.113.1"), 22).verdict());
    }

    @Test
    void moreSpecificWithoutPortsBeatsLessSpecificWithPorts() throws Exception {
        Policy p = load(dir, "rules:\n  - deny: a.svc.test\n  - allow: \"*.svc.test\"\n    ports: [443]\n");
        assertEquals(Verdict.DENY, p.decideByName("a.svc.test", 443).verdict());
    }

    @Test
    void tieAtSameKeyDenyBeatsAllowRegardlessOfOrder() throws Exception {
        Policy p = load(dir, "rules:\n  - allow: a.test\n  - deny: a.test\n  - monitor: b.test\n  - allow: b.test\n");
        assertEquals("policy.yaml:3 deny a.test", p.decideByName("a.test", 1).rule());
        assertEquals(Verdict.MONITOR, p.decideByName("b.test", 1).verdict());
    }

    @Test
    void tieWithSameVerdictTheFirstRuleInTheFileWins() throws Exception {
        Policy p = load(dir, "rules:\n  - deny: a.test\n    severity: low\n  - deny: a.test\n    severity: critical\n");
        assertEquals("policy.yaml:2 deny a.test", p.decideByName("a.test", 1).rule());
        assertEquals(Severity.LOW, p.decideByName("a.test", 1).severity());
    }

    @Test
    void severityDefaultsPerAction() throws Exception {
        Policy p = load(dir, "rules:\n  - deny: d.test\n  - monitor: m.test\n  - allow: a.test\n  - deny: c.test\n    severity: critical\n");
        assertEquals(Severity.HIGH, p.decideByName("d.test", 1).severity());
        assertEquals(Severity.MEDIUM, p.decideByName("m.test", 1).severity());
        assertEquals(Severity.LOW, p.decideByName("a.test", 1).severity());
        assertEquals(Severity.CRITICAL, p.decideByName("c.test", 1).severity());
    }

    // 5. defaults
    @Test
    void defaultCanAllowThePublicInternetWhileCatalogStillDenies() throws Exception {
        Policy p = load(dir, "default: allow\n");
        assertEquals(Verdict.ALLOW, p.decide("example.net", ip("203.0.113.10"), 443).verdict());
        assertEquals("default:public-internet", p.decide(null, ip("203.0.113.10"), 443).rule());
        assertEquals(Verdict.DENY, p.decide("api.segment.io", ip("203.0.113.10"), 443).verdict());
        assertEquals(Verdict.DENY, p.decide(null, ip("169.254.169.254"), 80).verdict());
    }
}
