package io.egressguard.collector.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.policy.Caller;
import io.egressguard.policy.Catalog;
import io.egressguard.policy.Decision;
import io.egressguard.policy.Dependency;
import io.egressguard.policy.Policy;
import io.egressguard.policy.PolicyLoader;
import io.egressguard.policy.Verdict;
import io.egressguard.collector.CliRun;
import io.egressguard.collector.Journals;
import io.egressguard.collector.Pg;
import io.egressguard.collector.store.EventSink;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of {@code policy suggest}: the suggestion, loaded by the agent's own policy engine in
 * enforce mode, allows every destination that was monitored or allowed, and still denies the catalog.
 */
class PolicySuggestTest {
    private static final Instant NOW = Instant.now();
    /** A public address the learned names resolve to in the checks (never contacted). */
    private static final byte[] PUBLIC_IP = {(byte) 203, 0, 113, 50};

    @TempDir
    Path tmp;

    private final List<Event> events = new ArrayList<>();
    /** Destinations that got through and must stay allowed: host or IP, and port. */
    private final List<Object[]> learned = new ArrayList<>();

    private Event add(Duration ago, String host, String ip, int port, Action action, int count, String gav) {
        Instant t = NOW.minus(ago);
        Event e = Journals.event(t.getEpochSecond() * 1_000_000_000L + t.getNano(), host == null ? "x" : host, port, action, count);
        e.host = host;
        e.ip = ip;
        e.vendor = null;
        e.culprit = new Culprit("com.ex.Client.call(Client.java:9)", "/app/lib/client.jar", gav);
        events.add(e);
        return e;
    }

    private Event seen(String host, String ip, int port, Action action, int count, String gav) {
        learned.add(new Object[] {host != null ? host : ip, port, gav});
        return add(Duration.ofHours(2), host, ip, port, action, count, gav);
    }

    private void knownData() {
        seen("a.example.com", "203.0.113.10", 443, Action.MONITORED, 3, "com.ex:client:1.0");
        seen("b.example.com", "203.0.113.11", 443, Action.MONITORED, 1, "com.ex:client:1.0");
        seen("b.example.com", "203.0.113.11", 8443, Action.ALLOWED, 2, "org.other:lib:2.1");
        seen("example.com", "203.0.113.12", 443, Action.MONITORED, 1, null);
        seen("api.github.com", "203.0.113.13", 443, Action.MONITORED, 1, "com.ex:client:1.0");
        // github.io is a public suffix: these two belong to different owners, no glob
        seen("foo.github.io", "203.0.113.14", 443, Action.MONITORED, 1, null);
        seen("bar.github.io", "203.0.113.15", 443, Action.MONITORED, 1, null);
        // a glob here covers the catalog's analytics.google.com
        seen("www.google.com", "203.0.113.16", 443, Action.MONITORED, 1, null);
        seen("apis.google.com", "203.0.113.17", 443, Action.MONITORED, 1, null);
        seen("lookup.example.org", null, -1, Action.MONITORED, 1, null).api = "dns";
        seen(null, "198.51.100.7", 5000, Action.MONITORED, 4, "com.ex:client:1.0");
        seen(null, "2001:db8::5", 443, Action.MONITORED, 1, null);
        seen(null, "169.254.169.254", 80, Action.MONITORED, 1, "software.amazon.awssdk:auth:2.30.0");
        seen(null, "127.0.0.1", 8080, Action.ALLOWED, 9, null);
        // the catalog, monitored: must not become an allow rule
        Event plane = add(Duration.ofHours(3), "telemetry.plane.so", "203.0.113.20", 443, Action.MONITORED, 5, "so.plane:sdk:1.0");
        plane.vendor = "Plane";
        Event segment = add(Duration.ofHours(3), "api.segment.io", "203.0.113.21", 443, Action.MONITORED, 1, null);
        segment.vendor = "Segment";
        // blocked only, out of range, and names no policy pattern may hold
        add(Duration.ofHours(1), "blocked.example.net", "203.0.113.22", 443, Action.BLOCKED, 7, null);
        add(Duration.ofDays(30), "old.example.net", "203.0.113.23", 443, Action.MONITORED, 1, null);
        add(Duration.ofHours(1), "evil\u001b[31m.example.com", null, 443, Action.MONITORED, 1, null);
        add(Duration.ofHours(1), "x.test\n- allow: \"*\"", null, 443, Action.MONITORED, 1, "g:a:1\u2028- allow: \"*\"\n- allow: \"*\"");
    }

    private void store(String url) {
        try (EventSink sink = EventStores.openSink(StoreUrl.parse(url), null, tmp)) {
            List<StoredEvent> stored = new ArrayList<>();
            for (Event e : events) {
                stored.add(new StoredEvent(e, new String(EventCodec.encode(e), StandardCharsets.UTF_8), "jvm-1"));
            }
            sink.commit(stored, Map.of("jvm-1", 1L));
        }
    }

    @Test
    void sqliteSuggestionAllowsEverythingSeenAndStillDeniesTheCatalog() throws Exception {
        String url = "sqlite:" + tmp.resolve("e.db");
        knownData();
        store(url);
        proveSuggestion(url);
    }

    @Test
    void postgresSuggestionIsTheSame() throws Exception {
        try (Pg pg = Pg.schema()) {
            knownData();
            store(pg.url());
            proveSuggestion(pg.url());
        }
    }

    private void proveSuggestion(String url) throws Exception {
        Path file = tmp.resolve("suggested.yaml");
        CliRun run = CliRun.run("policy", "suggest", "--store", url, "--since", "7d", "--out", file.toString());
        assertEquals(0, run.code(), run::toString);
        String text = Files.readString(file);
        CliRun check = CliRun.run("policy", "check", file.toString());
        assertEquals(0, check.code(), () -> check + "\n" + text);

        Policy policy = PolicyLoader.load(file);
        assertFalse(policy.monitorMode(), "enforce mode");
        for (Object[] d : learned) {
            String dest = (String) d[0];
            int port = (Integer) d[1];
            Dependency by = Dependency.parse((String) d[2]);
            Decision decision = connect(policy, dest, port < 0 ? 443 : port, by);
            assertEquals(Verdict.ALLOW, decision.verdict(), () -> dest + ":" + port + " was seen but " + decision + "\n" + text);
            if (port < 0) {
                Decision lookup = policy.decideByName(dest, -1);
                assertTrue(lookup == null || lookup.verdict() == Verdict.ALLOW, () -> dest + " lookup " + lookup);
            }
        }
        // the catalog, every entry and a subdomain of it, by name and at connect
        for (Catalog.Entry c : Catalog.entries()) {
            for (String host : List.of(c.domain(), "x." + c.domain())) {
                assertEquals(Verdict.DENY, connect(policy, host, 443).verdict(), () -> host + "\n" + text);
                assertEquals(Verdict.DENY, policy.decideByName(host, -1).verdict(), host);
            }
        }
        assertTrue(text.contains("#   telemetry.plane.so:443 (Plane): 5 attempts"), text);
        assertTrue(text.contains("Seen and left denied"), text);
        assertFalse(text.contains("allow: \"telemetry.plane.so\""), text);
        assertFalse(text.contains("segment.io\""), text);

        // grouping: several subdomains and the apex → ".example.com" with both ports; a new subdomain is covered
        assertTrue(text.contains("- allow: \".example.com\"\n    ports: [443, 8443]"), text);
        assertEquals(Verdict.ALLOW, connect(policy, "c.example.com", 443).verdict());
        assertEquals(Verdict.DENY, connect(policy, "c.example.com", 80).verdict(), "ports are kept");
        assertTrue(text.contains("- allow: \"*.google.com\""), text);
        assertTrue(text.contains("- deny: \".analytics.google.com\""), text);
        assertTrue(text.contains("- allow: \"foo.github.io\"") && text.contains("- allow: \"bar.github.io\""), text);
        assertEquals(Verdict.DENY, connect(policy, "other.github.io", 443).verdict(), "no glob over a public suffix");
        // IPs as IPs, with their ports; the metadata endpoint by an exact rule, with a warning
        assertTrue(text.contains("- allow: \"198.51.100.7\"\n    ports: [5000]"), text);
        assertTrue(text.contains("cloud metadata endpoint"), text);
        assertEquals(Verdict.DENY, policy.decide("169.254.170.2", null, 80).verdict(), "other metadata endpoints stay denied");
        assertFalse(text.contains("\"127.0.0.1\""), "loopback needs no rule");
        // a destination one dependency used alone is allowed for it only; several, or an unknown culprit: for everyone
        assertTrue(text.contains("- allow: \"api.github.com\"\n    ports: [443]\n    from: \"com.ex:client\""), text);
        assertEquals(Verdict.DENY, connect(policy, "api.github.com", 443, Dependency.of("org.other", "lib")).verdict());
        assertEquals(Verdict.DENY, connect(policy, "api.github.com", 443, null).verdict(), "the app's own code");
        assertTrue(text.contains("- allow: \"198.51.100.7\"\n    ports: [5000]\n    from: \"com.ex:client\""), text);
        assertEquals(Verdict.ALLOW, connect(policy, "c.example.com", 443, null).verdict(), "several dependencies: no from");
        assertEquals(Verdict.ALLOW, connect(policy, "foo.github.io", 443, null).verdict(), "culprit unknown: no from");
        // comments: counts, times, dependencies
        assertTrue(text.contains("# 1 attempt monitored, first ") && text.contains("used by: com.ex:client:1.0"), text);
        assertTrue(text.contains("covers: a.example.com:443 (3), b.example.com:443 (1), b.example.com:8443 (2), example.com:443 (1)"), text);
        // not learned: blocked only, out of range, and names no pattern may hold
        assertEquals(Verdict.DENY, connect(policy, "blocked.example.net", 443).verdict());
        assertTrue(text.contains("#   blocked.example.net:443: 7 attempts"), text);
        assertEquals(Verdict.DENY, connect(policy, "old.example.net", 443).verdict());
        assertEquals(Verdict.DENY, connect(policy, "anything.test", 443).verdict(), "nothing allows every host\n" + text);
        for (String line : text.split("\n")) {
            assertFalse(line.contains("\u001b") || line.contains("\u2028"), line);
            assertFalse(line.startsWith("- allow"), () -> "a value from an event escaped its comment: " + line);
        }
        assertEquals(9, text.split("\n  - allow: ", -1).length - 1, text);
    }

    /** A connect to {@code dest} as the agent decides it: an IP literal alone, a name with the address it resolved to. */
    private static Decision connect(Policy policy, String dest, int port) throws Exception {
        return connect(policy, dest, port, null);
    }

    /** As made by code of dependency {@code by} (null: the app's own code). */
    private static Decision connect(Policy policy, String dest, int port, Dependency by) throws Exception {
        Caller caller = () -> by;
        if (dest.indexOf(':') >= 0 || dest.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return policy.decide(dest, null, port, caller);
        }
        return policy.decide(dest, InetAddress.getByAddress(dest, PUBLIC_IP), port, caller);
    }
}
