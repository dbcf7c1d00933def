package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.JdkHttpClientDriver;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * java.net.http.HttpClient refused at the API ({@link HttpClientContract}): send throws
 * EgressBlockedException, sendAsync's future fails with it as the cause. Here: the same over
 * HTTP/2 and TLS, with a gzip body, and through the sendAsync that takes a push promise handler.
 */
class HttpClientIT extends HttpClientContract {
    private static final String API = "http-client";

    @Override
    protected Client client() {
        return Client.of(JdkHttpClientDriver.class, API).async(BLOCKED);
    }

    static List<Path> jdks() {
        return Jdks.homes();
    }

    /** One refused call to the canary: ours reaches the app, the canary sees nothing, one record with the request and body. */
    private void assertBlocked(Path jdk, Path tmp, String operation, String scheme, String... options) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal-" + operation + "-" + scheme + "-" + String.join("-", options));
            String url = scheme + "://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = call(app(jdk, BUILT_IN).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue), operation, url, options);
            assertEquals("blocked", r.result(operation), r.toString());
            assertEquals(BLOCKED, r.result("thrown"), "send throws ours as is, a future fails with ours as the cause:\n" + r);
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen(), "no connection, no byte");
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
            if (Arrays.asList(options).contains("gzip")) {
                HttpRecords.assertGzipPayload(e);
            } else {
                HttpRecords.assertJsonPayload(e);
            }
            assertEquals("policy.yaml:2 canary", e.rule);
            String method = operation.equals("sync") ? ".send(" : ".sendAsync(";
            assertTrue(e.culprit.frame.startsWith(JdkHttpClientDriver.class.getName() + method), e.culprit.frame);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sendOverHttp2AndTlsIsRefusedWithTheGzipBodyRecorded(Path jdk, @TempDir Path tmp) throws Exception {
        assertBlocked(jdk, tmp, "sync", "https", "version=HTTP_2", "gzip");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sendAsyncReturnsAFailedFutureOverHttp2AndWithAPushPromiseHandler(Path jdk, @TempDir Path tmp) throws Exception {
        assertBlocked(jdk, tmp, "async", "http", "version=HTTP_2");
        assertBlocked(jdk, tmp, "async", "https", "push=true");
    }
}
