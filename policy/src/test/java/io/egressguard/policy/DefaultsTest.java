package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.ip;
import static io.egressguard.policy.PolicyFixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Severity;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultsTest {
    @TempDir
    Path dir;

    private final Policy p = Policy.defaults();

    @Test
    void telemetryDomainsAreDeniedByNameWithTheirVendor() {
        Decision plane = p.decideByName("telemetry.plane.so", 443);
        assertEquals(Verdict.DENY, plane.verdict());
        assertEquals("Plane", plane.vendor());
        assertEquals("catalog:telemetry.plane.so", plane.rule());
        assertEquals(Severity.CRITICAL, plane.severity());
        assertTrue(plane.byName());
        Decision segment = p.decideByName("API.Segment.IO.", 443);
        assertEquals(Verdict.DENY, segment.verdict());
        assertEquals("Segment", segment.vendor());
        assertEquals("customer-data", segment.category());
        assertEquals("catalog:segment.io", segment.rule());
        assertEquals("catalog:segment.io", p.decide("api.segment.io", ip("203.0.113.5"), 443).rule());
        assertNull(p.decideByName("plane.so", 443), "the catalog names telemetry.plane.so, not its parent");
        assertNull(p.decideByName("notsegment.io", 443));
    }

    @ParameterizedTest
    @ValueSource(strings = {"us.i.posthog.com", "api-js.mixpanel.com", "cdn.segment.com", "o1.ingest.sentry.io",
        "www.google-analytics.com", "api2.amplitude.com", "static.scarf.sh", "app-measurement.com",
        "stats.g.doubleclick.net", "bam.nr-data.net", "dc.services.visualstudio.com"})
    void catalogCoversDomainsAndSubdomains(String host) {
        Decision d = p.decideByName(host, 443);
        assertEquals(Verdict.DENY, d.verdict(), host);
        assertTrue(d.vendor() != null && d.category() != null);
    }

    @Test
    void catalogHasAtLeastFortyUniqueEntriesIncludingTheRequiredOnes() {
        Set<String> domains = new HashSet<>();
        for (Catalog.Entry e : Catalog.entries()) {
            assertTrue(domains.add(e.domain()), "duplicate " + e.domain());
            assertTrue(!e.vendor().isEmpty() && !e.category().isEmpty());
        }
        assertTrue(domains.size() >= 40, "catalog has " + domains.size());
        for (String d : new String[] {"telemetry.plane.so", "posthog.com", "mixpanel.com", "segment.com", "segment.io",
            "sentry.io", "google-analytics.com", "amplitude.com", "heapanalytics.com", "fullstory.com", "hotjar.com",
            "bugsnag.com", "rollbar.com", "scarf.sh", "app-measurement.com", "doubleclick.net"}) {
            assertTrue(domains.contains(d), d);
        }
    }

    @Test
    void loopbackAndPrivateRangesAreAllowed() {
        assertEquals("default:loopback", p.decide(null, ip("127.0.0.2"), 8080).rule());
        assertEquals(Verdict.ALLOW, p.decide(null, ip("127.0.0.2"), 8080).verdict());
        assertEquals(Verdict.ALLOW, p.decide(null, ip("::1"), 8080).verdict());
        assertEquals(Verdict.ALLOW, p.decide("localhost", null, 8080).verdict());
        assertEquals(Verdict.ALLOW, p.decide("LOCALHOST.", null, 8080).verdict());
        for (String a : new String[] {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "100.127.255.255", "169.254.1.1", "fc00::1", "fdff::1", "fe80::1"}) {
            assertEquals("default:private-network", p.decide(null, ip(a), 443).rule(), a);
        }
    }

    @Test
    void publicAddressesAreDeniedByTheDefault() {
        for (String a : new String[] {"203.0.113.7", "172.32.0.1", "172.15.255.255", "100.128.0.1", "8.8.8.8",
            "2606:4700::1111", "fec0::1"}) {
            Decision d = p.decide(null, ip(a), 443);
            assertEquals(Verdict.DENY, d.verdict(), a);
            assertEquals("default:public-internet", d.rule(), a);
            assertEquals(Severity.MEDIUM, d.severity());
        }
        assertEquals(Verdict.DENY, p.decide("example.net", null, 443).verdict(), "unresolved unknown host");
        assertNull(p.decideByName("example.net", 443), "no name rule: the DNS hook must let the lookup happen");
    }

    @Test
    void cloudMetadataIsAlwaysDenied() {
        for (String a : new String[] {"169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"}) {
            Decision d = p.decide(null, ip(a), 80);
            assertEquals(Verdict.DENY, d.verdict(), a);
            assertEquals("metadata:" + a, d.rule());
            assertEquals(Severity.CRITICAL, d.severity());
        }
        assertEquals("metadata:metadata.google.internal", p.decideByName("Metadata.Google.Internal.", 80).rule());
        assertEquals(Verdict.DENY, p.decide("metadata.google.internal", null, 80).verdict());
    }

    @Test
    void aPolicyFileKeepsTheDefaultsUnlessItTurnsThemOff() throws Exception {
        Policy kept = load(dir, "rules: []\n");
        assertEquals(Verdict.DENY, kept.decideByName("api.segment.io", 443).verdict());
        assertEquals(Verdict.DENY, kept.decide(null, ip("169.254.169.254"), 80).verdict());
        assertEquals(Verdict.ALLOW, kept.decide(null, ip("10.1.1.1"), 80).verdict());
        Policy off = load(dir, "catalog: false\nmetadata: false\nprivate-networks: false\n");
        assertNull(off.decideByName("api.segment.io", 443));
        assertEquals("default:private-network", load(dir, "metadata: false\n").decide(null, ip("169.254.169.254"), 80).rule());
        assertEquals("default:public-internet", off.decide(null, ip("10.1.1.1"), 80).rule());
        assertEquals(Verdict.ALLOW, off.decide(null, ip("127.0.0.1"), 80).verdict(), "loopback stays allowed");
    }

    @Test
    void failClosedDeniesAllButLoopback() {
        Policy fc = Policy.failClosed("policy.yaml:3: bad CIDR");
        assertEquals(Verdict.ALLOW, fc.decide(null, ip("127.0.0.1"), 80).verdict());
        assertEquals(Verdict.ALLOW, fc.decide("localhost", null, 80).verdict());
        Decision d = fc.decide(null, ip("10.0.0.1"), 80);
        assertEquals(Verdict.DENY, d.verdict());
        assertEquals("fail-closed: policy.yaml:3: bad CIDR", d.rule());
        assertEquals(Severity.HIGH, d.severity());
        assertEquals(Verdict.DENY, fc.decide("example.net", ip("203.0.113.1"), 443).verdict());
        assertEquals(Verdict.DENY, fc.decide(null, ip("169.254.169.254"), 80).verdict());
        assertEquals("defaults", Policy.defaults().source());
    }

    @Test
    void failClosedRefusesEveryNameButLocalhostBeforeTheLookup() {
        Policy fc = Policy.failClosed("policy.yaml:3: bad CIDR");
        Decision d = fc.decideByName("phone.example.test", -1);
        assertNotNull(d, "no name may be looked up while failing closed (DNS is a channel too)");
        assertEquals(Verdict.DENY, d.verdict());
        assertTrue(d.byName());
        assertNull(fc.decideByName("localhost", -1));
        assertNull(fc.decideByName("127.0.0.2", -1), "literals are decided at connect");
        assertNull(Policy.defaults().decideByName("example.net", -1), "the defaults decide unknown names by address");
    }

    /** The app's own servers and health checks use these while the policy cannot be loaded. */
    @Test
    void failClosedAllowsThisHostsOwnNameAndLocalhostNames() {
        Policy fc = Policy.failClosed("policy.yaml:1: not a regular file");
        String own = LocalNames.ownHostName();
        assertEquals(Verdict.ALLOW, fc.decideByName(own, -1).verdict(), "the own name resolves");
        assertEquals(Verdict.ALLOW, fc.decideByName(own.toUpperCase(java.util.Locale.ROOT) + ".", -1).verdict());
        assertNull(fc.decideByName("app.localhost", -1));
        Decision d = fc.decide(own, ip("172.17.0.2"), 8080); // a container's own address is not loopback
        assertEquals(Verdict.ALLOW, d.verdict());
        assertEquals("default:own-host-name", d.rule());
        assertEquals(Verdict.DENY, fc.decide(null, ip("172.17.0.2"), 8080).verdict(), "the address alone is not enough");
        assertEquals(Verdict.DENY, fc.decide("x." + own, ip("172.17.0.2"), 8080).verdict());
        assertEquals(Verdict.DENY, fc.decideByName("x." + own, -1).verdict());
    }

    /** Whether the gate may let local destinations pass before the handler exists. */
    @Test
    void aPolicyDecidesLocalDestinationsOnlyWithARuleThatCanMatchThem() throws Exception {
        assertFalse(Policy.defaults().decidesLocalDestinations());
        assertFalse(Policy.failClosed("x").decidesLocalDestinations());
        assertFalse(load(dir, "rules:\n  - deny: [\"*.example.com\", 10.0.0.0/8, \"2001:db8::/32\", example.net]\n").decidesLocalDestinations());
        String own = LocalNames.ownHostName();
        for (String rule : new String[] {"deny: 127.0.0.2", "allow: 127.0.0.0/8", "monitor: 0.0.0.0/0", "deny: \"::1\"",
            "deny: \"::/0\"", "deny: \"::ffff:127.0.0.1\"", "deny: localhost", "deny: app.localhost", "deny: \"*.localhost\"",
            "deny: \"*\"", "deny: " + own}) {
            assertTrue(load(dir, "rules:\n  - " + rule + "\n").decidesLocalDestinations(), rule);
        }
    }
}
