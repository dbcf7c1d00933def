package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.NettyCalls;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty 4.1 and 4.2 refused as the connect leaves the pipeline (NIO, epoll, and io_uring on 4.2
 * where the native transport loads): the connect future fails with EgressBlockedException as its
 * cause, nothing reaches the canary, and one record names the destination and the code that called
 * Bootstrap.connect, not the event loop.
 */
class NettyIT {
    private static final String API = "netty";
    private static final String BLOCKED = "io.egressguard.agent.bootstrap.EgressBlockedException";

    static Stream<Arguments> versions() {
        return ClientLibraries.matrix(ClientLibraries.netty());
    }

    /** On JDK 24+ Netty itself warns about Unsafe and native access: the app's flags, not ours to hide. */
    private static ForkedJvm app(Path jdk, String netty) throws Exception {
        ForkedJvm jvm = ClientLibraries.withLibrary(new ForkedJvm(jdk), netty);
        if (Jdks.feature(jdk) >= 24) {
            jvm.jvmArg("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");
        }
        return jvm;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void aConnectIsRefusedOnEveryTransportWithTheCallerRecorded(Path jdk, String netty, @TempDir Path tmp) throws Exception {
        List<String> transports = netty.startsWith("netty-4.1") ? List.of("nio", "epoll") : List.of("nio", "epoll", "io_uring");
        for (String transport : transports) {
            try (CanaryServer canary = new CanaryServer()) {
                Path queue = tmp.resolve("journal-" + transport);
                ForkedJvm.Result r = app(jdk, netty).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                        .run(NettyCalls.class.getName(), transport, CanaryServer.ADDRESS, String.valueOf(canary.port()));
                assertEquals("", r.agentStderr(), r.toString());
                if ("unavailable".equals(r.result("connect"))) {
                    System.out.println("NettyIT: " + transport + " does not load here (" + netty + "), not tested");
                    continue;
                }
                assertEquals("blocked", r.result("connect"), r.toString());
                assertEquals(BLOCKED, r.result("thrown"), "the future's cause is ours:\n" + r);
                Thread.sleep(200);
                assertEquals(0, canary.seen(), "no connection, no byte");
                Event e = HttpRecords.only(JournalEvents.readAll(queue));
                assertEquals(API, e.api, transport);
                assertEquals(Action.BLOCKED, e.action);
                assertEquals(CanaryServer.ADDRESS, e.ip);
                assertEquals(canary.port(), e.port);
                assertEquals("policy.yaml:2 canary", e.rule);
                assertTrue(e.culprit.frame.startsWith(NettyCalls.class.getName()), transport + ": the caller of Bootstrap.connect, " + e.culprit.frame);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void anAllowedConnectDeliversTheBytesAndIsOneRecord(Path jdk, String netty, @TempDir Path tmp) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = app(jdk, netty).agentArgs("queue=" + queue + ",record=all")
                    .run(NettyCalls.class.getName(), "nio", "127.0.0.1", String.valueOf(server.port()));
            assertEquals("ok", r.result("connect"), r.toString());
            HttpRecords.assertDeliveredUnchanged(r, server);
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals(API, e.api);
            assertEquals(Action.ALLOWED, e.action);
            assertEquals("127.0.0.1", e.ip);
            assertTrue(e.culprit.frame.startsWith(NettyCalls.class.getName()), e.culprit.frame);
        }
    }

    /**
     * A destination the policy monitors: the connection proceeds untouched (the server gets the
     * bytes as written) and its one record carries the bytes written up to the first flush, with
     * the request read from them.
     */
    @ParameterizedTest
    @MethodSource("versions")
    void aMonitoredConnectionIsRecordedOnceWithItsFirstBytes(Path jdk, String netty, @TempDir Path tmp) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Path queue = tmp.resolve("journal");
            Path policy = Policies.write(tmp.resolve("policy.yaml"), "rules:\n  - monitor: 127.0.0.1\n    name: watch-local\n");
            ForkedJvm.Result r = app(jdk, netty).agentArgs("policy=" + policy + ",queue=" + queue)
                    .run(NettyCalls.class.getName(), "nio", "127.0.0.1", String.valueOf(server.port()));
            assertEquals("ok", r.result("connect"), r.toString());
            HttpRecords.assertDeliveredUnchanged(r, server);
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals(API, e.api);
            assertEquals(Action.MONITORED, e.action);
            assertEquals("policy.yaml:2 watch-local", e.rule);
            assertEquals("127.0.0.1", e.ip);
            assertEquals(server.port(), e.port);
            assertTrue(e.culprit.frame.startsWith(NettyCalls.class.getName()), e.culprit.frame);
            byte[] sent = NettyCalls.request("127.0.0.1", server.port());
            assertNotNull(e.payload, "the first bytes are recorded");
            assertEquals(sent.length, e.payload.size);
            assertEquals(HttpRecords.sha256(sent), e.payload.sha256);
            assertEquals(new String(sent, java.nio.charset.StandardCharsets.UTF_8), e.payload.preview);
            assertEquals("text", e.payload.previewEncoding);
            assertFalse(e.payload.truncated);
            assertEquals("application/json", e.payload.contentType);
            assertNotNull(e.request, "the bytes begin with an HTTP/1.1 request head");
            assertEquals("POST", e.request.method);
            assertEquals("http://127.0.0.1:" + server.port() + "/v1/track", e.request.url);
            assertEquals(List.of("application/json"), HttpRecords.header(e.request.headers, "Content-Type"));
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void aCatalogNameIsRefusedBeforeNettyResolvesIt(Path jdk, String netty, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            // Were the name looked up, the hosts file would send the connect to the canary.
            Path hosts = tmp.resolve("hosts");
            Files.writeString(hosts, "127.0.0.2 telemetry.plane.so\n");
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = app(jdk, netty).agentArgs("queue=" + queue).jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .run(NettyCalls.class.getName(), "nio", "telemetry.plane.so", String.valueOf(canary.port()));
            assertEquals("blocked", r.result("connect"), r.toString());
            assertEquals(BLOCKED, r.result("thrown"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals(API, e.api);
            assertEquals("telemetry.plane.so", e.host);
            assertNull(e.ip, "nothing was resolved");
            assertEquals("catalog:telemetry.plane.so", e.rule);
            assertTrue(e.culprit.frame.startsWith(NettyCalls.class.getName()), e.culprit.frame);
        }
    }
}
