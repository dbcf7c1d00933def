package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.JdkHttpClientDriver;
import java.nio.file.Path;
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
    @Override
    protected Client client() {
        return Client.of(JdkHttpClientDriver.class, "http-client").async(BLOCKED);
    }

    static List<Path> jdks() {
        return Jdks.homes();
    }

    /** Refused as the contract's case 1 and 4 are; ours as is from send, ours as the future's failure; the caller named. */
    private void assertBlocked(Path jdk, Path tmp, String operation, String scheme, String... options) throws Exception {
        Refusal r = refuse(jdk, BUILT_IN, tmp, operation, scheme, options);
        assertEquals(BLOCKED, r.app().result("thrown"), "send throws ours as is, a future fails with ours as the cause:\n" + r.app());
        String method = operation.equals("sync") ? ".send(" : ".sendAsync(";
        assertTrue(r.event().culprit.frame.startsWith(JdkHttpClientDriver.class.getName() + method), r.event().culprit.frame);
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
