package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.ip;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-dependency rules ({@code from:}): matching, precedence, and that nobody is asked who calls unless a from-rule could decide. */
class FromRulesTest {
    @TempDir
    Path dir;

    private static final Dependency STRIPE = Dependency.of("com.stripe", "stripe-java");
    private static final Dependency SENTRY = Dependency.of("io.sentry", "sentry");
    private static final Dependency OTHER = Dependency.of("com.evil", "lib");

    /** A caller that counts how often it was asked. */
    static final class Counting implements Caller {
        final Dependency d;
        int asked;

        Counting(Dependency d) {
            this.d = d;
        }

        @Override
        public Dependency dependency() {
            asked++;
            return d;
        }
    }

    private static Verdict v(Policy p, String host, int port, Dependency d) {
        return p.decide(host, null, port, new Counting(d)).verdict();
    }

    @Test
    void theStripeExampleAllowsTheSdkAndDeniesEveryoneElse() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n"
                + "  - allow: api.stripe.com\n    ports: [443]\n    from: com.stripe:stripe-java\n"
                + "  - deny: api.stripe.com\n");
        assertTrue(p.hasFromRules());
        assertEquals(Verdict.ALLOW, v(p, "api.stripe.com", 443, STRIPE));
        assertEquals("policy.yaml:2 allow api.stripe.com ports 443 from com.stripe:stripe-java", p.decide("api.stripe.com", null, 443, new Counting(STRIPE)).rule());
        assertEquals(Verdict.DENY, v(p, "api.stripe.com", 443, OTHER));
        assertEquals(Verdict.DENY, v(p, "api.stripe.com", 443, null), "the app's own classes (no coordinates)");
        assertEquals(Verdict.DENY, p.decide("api.stripe.com", null, 443).verdict(), "no caller given");
        assertEquals(Verdict.DENY, v(p, "api.stripe.com", 80, STRIPE), "the from-rule's ports");
        assertEquals(Verdict.ALLOW, p.decideByName("api.stripe.com", 443, new Counting(STRIPE)).verdict());
        assertEquals(Verdict.DENY, p.decideByName("api.stripe.com", 443, new Counting(OTHER)).verdict());
        // the connect, with the address the name resolved to: the name rule decides as above
        assertEquals(Verdict.ALLOW, p.decide("api.stripe.com", ip("203.0.113.9"), 443, new Counting(STRIPE)).verdict());
    }

    @Test
    void withoutADenyTheOthersFallToTheDefault() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n  - allow: api.stripe.com\n    from: [\"com.stripe:*\"]\n");
        assertEquals(Verdict.ALLOW, v(p, "api.stripe.com", 443, STRIPE));
        assertNull(p.decideByName("api.stripe.com", 443, new Counting(OTHER)), "no name rule decides the lookup: the connect does");
        assertEquals("default:public-internet", p.decide("api.stripe.com", ip("203.0.113.9"), 443, new Counting(OTHER)).rule());
    }

    @Test
    void specificityOfTheDestinationComesFirst() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n"
                + "  - allow: \"*.stripe.com\"\n    from: \"com.stripe:*\"\n"
                + "  - deny: api.stripe.com\n"
                + "  - allow: files.stripe.com\n    from: \"io.sentry:*\"\n");
        assertEquals(Verdict.DENY, v(p, "api.stripe.com", 443, STRIPE), "an exact host rule beats a glob rule with from");
        assertEquals(Verdict.ALLOW, v(p, "x.stripe.com", 443, STRIPE));
        assertEquals(Verdict.ALLOW, v(p, "files.stripe.com", 443, SENTRY));
        assertEquals(Verdict.ALLOW, v(p, "files.stripe.com", 443, STRIPE), "not named at the exact key: the glob's from-rule decides");
        assertEquals(Verdict.DENY, v(p, "files.stripe.com", 443, OTHER), "named nowhere: the default");
    }

    @Test
    void atOneKeyAMatchingFromRuleBeatsRulesWithoutFromEvenWithPorts() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n"
                + "  - deny: api.stripe.com\n    ports: [443]\n"
                + "  - allow: api.stripe.com\n    from: com.stripe:stripe-java\n");
        assertEquals(Verdict.ALLOW, v(p, "api.stripe.com", 443, STRIPE));
        assertEquals(Verdict.DENY, v(p, "api.stripe.com", 443, OTHER));
    }

    @Test
    void exactCoordinatesBeatAGroupBeatOtherGlobs() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n"
                + "  - deny: a.test\n    from: \"com.*:*\"\n"
                + "  - deny: a.test\n    from: \"com.stripe:*\"\n"
                + "  - allow: a.test\n    from: com.stripe:stripe-java\n"
                + "  - monitor: a.test\n    from: \"*:*\"\n");
        assertEquals(Verdict.ALLOW, v(p, "a.test", 1, STRIPE));
        assertEquals(Verdict.DENY, v(p, "a.test", 1, Dependency.of("com.stripe", "stripe-other")));
        assertEquals(Verdict.DENY, v(p, "a.test", 1, OTHER));
        assertEquals(Verdict.MONITOR, v(p, "a.test", 1, SENTRY));
    }

    @Test
    void amongRulesWithTheSamePatternPortsThenTheStricterVerdictThenTheFileOrder() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n"
                + "  - allow: a.test\n    from: io.sentry:sentry\n"
                + "  - deny: a.test\n    from: io.sentry:sentry\n"
                + "  - allow: a.test\n    ports: [443]\n    from: io.sentry:sentry\n");
        assertEquals(Verdict.ALLOW, v(p, "a.test", 443, SENTRY), "ports first");
        assertEquals(Verdict.DENY, v(p, "a.test", 80, SENTRY), "then deny beats allow");
    }

    @Test
    void globMatchesKeptPerDependencyStillHonourPorts() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n"
                + "  - deny: a.test\n"
                + "  - allow: a.test\n    ports: [443]\n    from: \"io.sentry*:*\"\n"
                + "  - monitor: a.test\n    from: \"io.*:sen*\"\n");
        for (int round = 0; round < 2; round++) { // the second round reads what the first kept
            assertEquals(Verdict.ALLOW, v(p, "a.test", 443, SENTRY));
            assertEquals(Verdict.MONITOR, v(p, "a.test", 80, SENTRY));
            assertEquals(Verdict.DENY, v(p, "a.test", 443, STRIPE));
            assertEquals(Verdict.DENY, v(p, "a.test", 443, Dependency.of("io.other", "x")));
        }
    }

    @Test
    void ipRulesTakeFromToo() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n"
                + "  - deny: 127.0.0.1\n"
                + "  - allow: 127.0.0.0/8\n    from: io.sentry:sentry\n"
                + "  - allow: 127.0.0.1\n    from: com.stripe:stripe-java\n");
        assertEquals(Verdict.ALLOW, p.decide(null, ip("127.0.0.1"), 80, new Counting(STRIPE)).verdict());
        assertEquals(Verdict.DENY, p.decide(null, ip("127.0.0.1"), 80, new Counting(SENTRY)).verdict(), "the /32 is more specific");
        assertEquals(Verdict.ALLOW, p.decide(null, ip("127.0.0.9"), 80, new Counting(SENTRY)).verdict());
        assertEquals(Verdict.DENY, p.decide("127.0.0.1", null, 80, new Counting(OTHER)).verdict(), "an IP literal as host");
        assertTrue(p.decidesLocalDestinations());
    }

    @Test
    void theCallerIsAskedOnlyWhereAFromRuleCouldDecide() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n"
                + "  - allow: api.stripe.com\n    ports: [443]\n    from: com.stripe:stripe-java\n"
                + "  - allow: \"*.example.com\"\n    from: \"io.sentry:*\"\n"
                + "  - deny: exact.example.com\n"
                + "  - allow: other.test\n");
        Counting c = new Counting(STRIPE);
        p.decide("other.test", null, 443, c);
        p.decide("exact.example.com", null, 443, c);
        p.decide("api.stripe.com", null, 80, c);
        p.decide("segment.io", null, 443, c);
        p.decide(null, ip("203.0.113.1"), 443, c);
        assertEquals(0, c.asked, "no from-rule at the destination's keys (or for its port), or a more specific rule decided");
        p.decide("api.stripe.com", null, 443, c);
        assertEquals(1, c.asked);
        Counting d = new Counting(STRIPE);
        p.decide("a.example.com", null, 443, d);
        assertEquals(1, d.asked);
    }

    @Test
    void aPolicyWithoutFromRulesSaysSoAndNeverAsks() throws Exception {
        Policy p = PolicyFixtures.load(dir, "rules:\n  - allow: api.stripe.com\n  - deny: \"*\"\n  - allow: 10.0.0.0/8\n");
        assertFalse(p.hasFromRules());
        assertFalse(Policy.defaults().hasFromRules());
        Counting c = new Counting(STRIPE);
        for (String h : new String[] {"api.stripe.com", "x.test", "segment.io"}) {
            p.decide(h, ip("10.1.2.3"), 443, c);
            p.decideByName(h, 443, c);
        }
        assertEquals(0, c.asked);
    }

    @Test
    void aThousandFromRulesAtOneHostAreLookedUpNotScanned() throws Exception {
        StringBuilder y = new StringBuilder("rules:\n  - deny: api.pay.test\n");
        for (int i = 0; i < 1000; i++) {
            y.append("  - allow: api.pay.test\n    from: com.vendor").append(i).append(":sdk\n");
        }
        Policy p = PolicyFixtures.load(dir, y.toString());
        assertEquals(Verdict.ALLOW, v(p, "api.pay.test", 443, Dependency.of("com.vendor777", "sdk")));
        assertEquals(Verdict.DENY, v(p, "api.pay.test", 443, Dependency.of("com.vendor777", "other")));
    }

    @Test
    void globsMatchRunsOfAnyCharacters() {
        assertTrue(FromPattern.glob("*", ""));
        assertTrue(FromPattern.glob("*", "io.sentry"));
        assertTrue(FromPattern.glob("io.sentry*", "io.sentry.android"));
        assertTrue(FromPattern.glob("com.*.sdk", "com.acme.billing.sdk"));
        assertTrue(FromPattern.glob("*-java", "stripe-java"));
        assertTrue(FromPattern.glob("a*b*c", "aXbYbZc"));
        assertFalse(FromPattern.glob("io.sentry", "io.sentry.android"));
        assertFalse(FromPattern.glob("com.*.sdk", "com.sdk"));
        assertFalse(FromPattern.glob("Com.stripe", "com.stripe"), "case-sensitive, as Maven coordinates are");
        assertEquals(FromPattern.Kind.EXACT, FromPattern.parse("com.stripe:stripe-java").kind);
        assertEquals(FromPattern.Kind.GROUP, FromPattern.parse(" io.sentry:* ").kind);
        assertEquals(FromPattern.Kind.GLOB, FromPattern.parse("io.sentry*:*").kind);
        assertEquals(FromPattern.Kind.GLOB, FromPattern.parse("com.acme:*-sdk").kind);
        assertEquals(FromPattern.Kind.GLOB, FromPattern.parse("*:*").kind);
        assertTrue(FromPattern.parse("io.sentry*:*").matches(SENTRY));
        assertFalse(FromPattern.parse("io.sentry*:*").matches(STRIPE));
    }

    @Test
    void aMalformedFromIsOneLineNamingTheFileAndLine() throws Exception {
        assertEquals("4: bad from pattern \"com.stripe\": no ':' between group and artifact (did you mean \"com.stripe:*\"?);"
                + " write group:artifact, e.g. \"com.stripe:stripe-java\" or \"io.sentry:*\"",
                error("rules:\n  - allow: api.stripe.com\n    from:\n      - com.stripe\n"));
        assertTrue(error("rules:\n  - allow: a.test\n    from: com.stripe:stripe-java:24.0.0\n")
                .startsWith("3: bad from pattern \"com.stripe:stripe-java:24.0.0\": from matches group:artifact, leave out the version"));
        assertTrue(error("rules:\n  - allow: a.test\n    from: \"com.acme:\"\n").startsWith("3: bad from pattern \"com.acme:\": the artifact is empty"));
        assertTrue(error("rules:\n  - allow: a.test\n    from: \"com acme:x\"\n").startsWith("3: bad from pattern \"com acme:x\": character ' ' is not allowed"));
        assertTrue(error("rules:\n  - allow: a.test\n    from: []\n").startsWith("3: \"from\" lists no dependency"));
        assertTrue(error("rules:\n  - allow: a.test\n    from: {a: b}\n").startsWith("3: \"from\" must be group:artifact patterns"));
        String e = error("rules:\n  - allow: a.test\n    from: \"io.sentry\"\n");
        assertFalse(e.contains("\n"), e);
    }

    private String error(String yaml) {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyFixtures.load(dir, yaml));
        String m = e.getMessage();
        String prefix = dir.resolve("policy.yaml") + ":";
        assertTrue(m.startsWith(prefix), m);
        return m.substring(prefix.length());
    }
}
