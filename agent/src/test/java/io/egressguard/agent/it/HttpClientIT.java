package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.HttpClientCalls;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * java.net.http.HttpClient (HTTP/1.1 and 2) refused at the API: send throws EgressBlockedException,
 * sendAsync's future fails with it as the cause, nothing reaches the canary, and one record carries
 * the request and its body.
 */
class HttpClientIT {
    private static final String API = "http-client";
    private static final String BLOCKED = "io.egressguard.agent.bootstrap.EgressBlockedException";

    static List<Path> jdks() {
        return Jdks.homes();
    }

    private static void assertBlocked(Path jdk, Path tmp, String mode, String version, String scheme, String encoding) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal-" + mode + "-" + version + "-" + scheme + encoding);
            String url = scheme + "://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .run(HttpClientCalls.class.getName(), mode, version, url, encoding);
            assertEquals("blocked", r.result(mode), r.toString());
            assertEquals(BLOCKED, r.result("thrown"), "send throws ours as is, a future fails with ours as the cause:\n" + r);
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen(), "no connection, no byte");
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
            if (encoding.equals("gzip")) {
                HttpRecords.assertGzipPayload(e);
            } else {
                HttpRecords.assertJsonPayload(e);
            }
            assertEquals("policy.yaml:2 canary", e.rule);
            assertTrue(e.culprit.frame.startsWith(HttpClientCalls.class.getName()), e.culprit.frame);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sendIsRefusedWithTheRequestAndBodyRecorded(Path jdk, @TempDir Path tmp) throws Exception {
        assertBlocked(jdk, tmp, "send", "HTTP_1_1", "http", "");
        assertBlocked(jdk, tmp, "send", "HTTP_2", "https", "gzip");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sendAsyncReturnsAFailedFuture(Path jdk, @TempDir Path tmp) throws Exception {
        assertBlocked(jdk, tmp, "async", "HTTP_2", "http", "");
        assertBlocked(jdk, tmp, "async-push", "HTTP_1_1", "https", "");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anAllowedCallDeliversTheBodyUnchangedAndIsOneRecord(Path jdk, @TempDir Path tmp) throws Exception {
        for (String mode : new String[] {"send", "async"}) {
            try (RecordingHttpServer server = new RecordingHttpServer()) {
                Path queue = tmp.resolve("journal-" + mode);
                String url = "http://127.0.0.1:" + server.port() + "/v1/track";
                ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("queue=" + queue + ",record=all")
                        .run(HttpClientCalls.class.getName(), mode, "HTTP_1_1", url);
                assertEquals("ok", r.result(mode), r.toString());
                assertEquals("200", r.result("status"), r.toString());
                HttpRecords.assertDeliveredUnchanged(r, server);
                Event e = HttpRecords.only(JournalEvents.readAll(queue));
                HttpRecords.assertRequest(e, API, url, Action.ALLOWED);
                HttpRecords.assertJsonPayload(e);
                assertEquals("127.0.0.1", e.ip);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aCatalogNameIsRefusedBeforeTheLookupWithTheRequestCaptured(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            // Were the name looked up, the hosts file would send the request to the canary.
            Path hosts = tmp.resolve("hosts");
            Files.writeString(hosts, "127.0.0.2 telemetry.plane.so\n");
            Path queue = tmp.resolve("journal");
            String url = "http://telemetry.plane.so:" + canary.port() + "/v1/track";
            ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("queue=" + queue).jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .run(HttpClientCalls.class.getName(), "send", "HTTP_1_1", url);
            assertEquals("blocked", r.result("send"), r.toString());
            assertEquals(BLOCKED, r.result("thrown"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
            HttpRecords.assertJsonPayload(e);
            assertEquals("telemetry.plane.so", e.host);
            assertNull(e.ip, "nothing was resolved");
            assertEquals("catalog:telemetry.plane.so", e.rule);
        }
    }
}
