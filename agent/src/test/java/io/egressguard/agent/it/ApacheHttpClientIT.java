package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.ApacheClientCalls;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpClient 5.1 and 5.6, classic and async, refused at the API: the classic execute throws
 * EgressBlockedException, the async future fails with it and the callback is told; nothing reaches
 * the canary; one record carries the request, its body and the app's frame (for async: the caller's
 * stack, not the I/O reactor's).
 */
class ApacheHttpClientIT {
    private static final String API = "apache-httpclient";
    private static final String BLOCKED = "io.egressguard.agent.bootstrap.EgressBlockedException";
    private static final String[] MODES = {"classic", "async"};

    static Stream<Arguments> versions() {
        return ClientLibraries.matrix(ClientLibraries.APACHE);
    }

    private static ForkedJvm app(Path jdk, String version) throws Exception {
        return ClientLibraries.withLibrary(new ForkedJvm(jdk), version);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void classicAndAsyncAreRefusedWithTheRequestAndBodyRecorded(Path jdk, String version, @TempDir Path tmp) throws Exception {
        for (String mode : MODES) {
            try (CanaryServer canary = new CanaryServer()) {
                Path queue = tmp.resolve("journal-" + mode);
                String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
                ForkedJvm.Result r = app(jdk, version).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                        .run(ApacheClientCalls.class.getName(), mode, url);
                assertEquals("blocked", r.result(mode), r.toString());
                assertEquals(BLOCKED, r.result("thrown"), "execute throws ours, the callback's failed gets ours:\n" + r);
                if (mode.equals("async")) {
                    assertEquals(BLOCKED, r.result("future"), "the future fails with ours:\n" + r);
                }
                assertEquals("", r.agentStderr(), r.toString());
                Thread.sleep(200);
                assertEquals(0, canary.seen(), "no connection, no byte");
                Event e = HttpRecords.only(JournalEvents.readAll(queue));
                HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
                HttpRecords.assertJsonPayload(e);
                assertEquals("policy.yaml:2 canary", e.rule);
                assertEquals(CanaryServer.ADDRESS, e.ip);
                assertTrue(e.culprit.frame.startsWith(ApacheClientCalls.class.getName()), mode + ": the app's frame, " + e.culprit.frame);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void anAllowedCallDeliversTheBodyUnchangedAndIsOneRecord(Path jdk, String version, @TempDir Path tmp) throws Exception {
        for (String mode : MODES) {
            try (RecordingHttpServer server = new RecordingHttpServer()) {
                Path queue = tmp.resolve("journal-" + mode);
                String url = "http://127.0.0.1:" + server.port() + "/v1/track";
                ForkedJvm.Result r = app(jdk, version).agentArgs("queue=" + queue + ",record=all").run(ApacheClientCalls.class.getName(), mode, url);
                assertEquals("ok", r.result(mode), r.toString());
                assertEquals("200", r.result("status"), r.toString());
                HttpRecords.assertDeliveredUnchanged(r, server);
                Event e = HttpRecords.only(JournalEvents.readAll(queue));
                HttpRecords.assertRequest(e, API, url, Action.ALLOWED);
                HttpRecords.assertJsonPayload(e);
                assertEquals("127.0.0.1", e.ip);
                assertTrue(e.culprit.frame.startsWith(ApacheClientCalls.class.getName()), mode + ": the app's frame, " + e.culprit.frame);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void aCatalogNameIsRefusedBeforeTheLookup(Path jdk, String version, @TempDir Path tmp) throws Exception {
        for (String mode : MODES) {
            try (CanaryServer canary = new CanaryServer()) {
                // Were the name looked up, the hosts file would send the request to the canary.
                Path hosts = tmp.resolve("hosts-" + mode);
                Files.writeString(hosts, "127.0.0.2 telemetry.plane.so\n");
                Path queue = tmp.resolve("journal-" + mode);
                String url = "http://telemetry.plane.so:" + canary.port() + "/v1/track";
                ForkedJvm.Result r = app(jdk, version).agentArgs("queue=" + queue).jvmArg("-Djdk.net.hosts.file=" + hosts)
                        .run(ApacheClientCalls.class.getName(), mode, url);
                assertEquals("blocked", r.result(mode), r.toString());
                assertEquals(BLOCKED, r.result("thrown"), r.toString());
                assertEquals("", r.agentStderr(), r.toString());
                Thread.sleep(200);
                assertEquals(0, canary.seen());
                Event e = HttpRecords.only(JournalEvents.readAll(queue));
                HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
                assertEquals("telemetry.plane.so", e.host);
                assertNull(e.ip, "nothing was resolved");
                assertEquals("catalog:telemetry.plane.so", e.rule);
            }
        }
    }
}
