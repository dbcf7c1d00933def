package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.NettyDnsCalls;
import io.egressguard.agent.itapps.ReactorNettyCalls;
import io.egressguard.agent.itapps.VertxCalls;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reactor Netty 1.3 and Vert.x 5 (Netty 4.2) look names up with Netty's own DNS resolver, which the
 * JDK's lookup hook never sees. Each app's resolver asks only a loopback DNS canary: a catalog name
 * must fail the app's request with our refusal before any query reaches it, in one record that
 * names the app's code; an allowed call to a local server must deliver its bytes unchanged.
 * Reactor Netty resolves with its own connector, straight into DnsNameResolver (refused there, as a
 * failed lookup); Vert.x hands Bootstrap.connect the unresolved name (refused before the resolver,
 * as a failed connect).
 */
class NettyDnsIT {
    static Stream<Arguments> clients() {
        List<Arguments> all = new ArrayList<>();
        for (Path jdk : Jdks.homes()) {
            all.add(Arguments.of(jdk, ClientLibraries.REACTOR_NETTY, ReactorNettyCalls.class.getName()));
            all.add(Arguments.of(jdk, ClientLibraries.VERTX, VertxCalls.class.getName()));
        }
        return all.stream();
    }

    /** Netty and Vert.x warn about Unsafe and native access on JDK 24+: the app's flags, not ours to hide. */
    static ForkedJvm app(Path jdk, String lib) throws Exception {
        ForkedJvm jvm = ClientLibraries.withLibrary(new ForkedJvm(jdk), lib);
        if (Jdks.feature(jdk) >= 24) {
            jvm.jvmArg("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");
        }
        return jvm;
    }

    static Stream<Arguments> refusals() {
        List<Arguments> all = new ArrayList<>();
        for (Path jdk : Jdks.homes()) {
            all.add(Arguments.of(jdk, ClientLibraries.REACTOR_NETTY, ReactorNettyCalls.class.getName(), "blocked-lookup", "netty-dns"));
            all.add(Arguments.of(jdk, ClientLibraries.VERTX, VertxCalls.class.getName(), "blocked", "netty"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("refusals")
    void aCatalogNameIsRefusedBeforeAnyDnsQuery(Path jdk, String lib, String app, String outcome, String api, @TempDir Path tmp) throws Exception {
        try (DnsCanary dns = new DnsCanary(); CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = app(jdk, lib).agentArgs("queue=" + queue)
                    .run(app, "http://telemetry.plane.so:" + canary.port() + "/v1/track", String.valueOf(dns.port()));
            assertEquals(outcome, r.result("post"), "our refusal in the failure's chain:\n" + r);
            assertTrue(r.message("post").matches("egressguard blocked telemetry\\.plane\\.so(:" + canary.port() + ")? \\(rule catalog:telemetry\\.plane\\.so\\)"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(List.of(), dns.queries(), "no DNS query left for the refused name");
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals(api, e.api);
            assertEquals(Action.BLOCKED, e.action);
            assertEquals("telemetry.plane.so", e.host);
            assertNull(e.ip, "nothing was resolved");
            assertEquals("catalog:telemetry.plane.so", e.rule);
            assertTrue(e.culprit.frame.startsWith(app), "the app's code, not the event loop's: " + e.culprit.frame + "\n" + e.stack);
        }
    }

    /** The control: a name no rule decides by name is looked up through the canary, so the test above can fail. */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("clients")
    void anUndecidedNameIsAskedOfTheCanary(Path jdk, String lib, String app, @TempDir Path tmp) throws Exception {
        try (DnsCanary dns = new DnsCanary()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = app(jdk, lib).agentArgs("queue=" + queue)
                    .run(app, "http://service.internal.test:8080/v1/track", String.valueOf(dns.port()));
            assertTrue(r.result("post").startsWith("error:"), "the canary answers nothing:\n" + r);
            assertTrue(dns.queries().contains("service.internal.test"), dns.queries() + "\n" + r);
            assertEquals(List.of(), JournalEvents.readAll(queue), "never resolved, never connected: nothing to record");
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("clients")
    void anAllowedPostToALocalServerIsDeliveredUnchanged(Path jdk, String lib, String app, @TempDir Path tmp) throws Exception {
        try (DnsCanary dns = new DnsCanary(); RecordingHttpServer server = new RecordingHttpServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = app(jdk, lib).agentArgs("queue=" + queue)
                    .run(app, "http://127.0.0.1:" + server.port() + "/v1/track", String.valueOf(dns.port()));
            assertEquals("ok", r.result("post"), r.toString());
            assertEquals("200", r.result("status"), r.toString());
            HttpRecords.assertDeliveredUnchanged(r, server);
            assertEquals(List.of(), dns.queries());
            assertEquals(List.of(), JournalEvents.readAll(queue), "allowed and record=blocked: nothing journaled");
        }
    }

    static Stream<Arguments> nettyVersions() {
        return ClientLibraries.matrix(ClientLibraries.netty());
    }

    /** DnsNameResolver used directly, Netty 4.1 and 4.2: resolve and resolveAll each refused, each one record. */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("nettyVersions")
    void nettysResolverRefusesACatalogNameOnBothVersions(Path jdk, String netty, @TempDir Path tmp) throws Exception {
        try (DnsCanary dns = new DnsCanary()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = app(jdk, netty).agentArgs("queue=" + queue)
                    .run(NettyDnsCalls.class.getName(), "telemetry.plane.so", String.valueOf(dns.port()));
            assertEquals("blocked-lookup", r.result("resolve"), r.toString());
            assertEquals("blocked-lookup", r.result("resolveAll"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(List.of(), dns.queries(), "no DNS query left");
            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(2, events.size(), "one record per attempt (two call sites): " + BackstopIT.describe(events));
            for (Event e : events) {
                assertEquals("netty-dns", e.api);
                assertEquals(Action.BLOCKED, e.action);
                assertEquals("telemetry.plane.so", e.host);
                assertEquals("catalog:telemetry.plane.so", e.rule);
                assertTrue(e.culprit.frame.startsWith(NettyDnsCalls.class.getName()), e.culprit.frame);
            }
        }
    }

    /** The control for the test above: an undecided name is asked of the canary by both versions. */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("nettyVersions")
    void nettysResolverAsksTheCanaryForAnUndecidedName(Path jdk, String netty, @TempDir Path tmp) throws Exception {
        try (DnsCanary dns = new DnsCanary()) {
            ForkedJvm.Result r = app(jdk, netty).agentArgs("queue=" + tmp.resolve("journal"))
                    .run(NettyDnsCalls.class.getName(), "service.internal.test", String.valueOf(dns.port()));
            assertTrue(r.result("resolve").startsWith("error:"), r.toString());
            assertTrue(dns.queries().contains("service.internal.test"), dns.queries() + "\n" + r);
        }
    }
}
