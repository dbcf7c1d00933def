package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.LargeBodiesInALoop;
import io.egressguard.agent.itapps.RefusedAndDropped;
import io.egressguard.agent.itapps.UrlConnectionCalls;
import io.egressguard.agent.itapps.UrlConnectionDriver;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HttpURLConnection refused at the API ({@link HttpClientContract}): the caller gets
 * EgressBlockedException, and so does a later call on the same connection. Here too: the refusal
 * lets go of the exception, large bodies refused in a loop, a gzip body, connect() before the body,
 * and https with fixed-length streaming (refused before any handshake).
 */
class HttpUrlConnectionIT extends HttpClientContract {
    private static final String API = "http-urlconnection";

    @Override
    protected Client client() {
        // BytecodeVerificationLocal: verify the woven boot classes too (the JVM skips that by default).
        return Client.of(UrlConnectionDriver.class, API).jvmArgs("-XX:+UnlockDiagnosticVMOptions", "-XX:+BytecodeVerificationLocal")
                .allowedRecordHasNoBody("an allowed call is recorded at its connect, which getOutputStream makes before the app writes the body");
    }

    static List<Path> jdks() {
        return Jdks.homes();
    }

    /** UrlConnectionCalls MODE URL [gzip], with the client's flags. */
    private ForkedJvm.Result run(Path jdk, String agentArgs, String... args) throws Exception {
        return app(jdk, BUILT_IN).agentArgs(agentArgs).run(UrlConnectionCalls.class.getName(), args);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aLaterCallOnARefusedConnectionRethrowsOurType(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = run(jdk, "policy=" + Policies.denyCanary(tmp) + ",queue=" + tmp.resolve("journal"), "buffered", url);
            assertEquals("blocked", r.result("post"), r.toString());
            assertEquals("blocked", r.result("again"), "a later call rethrows a copy of our type:\n" + r);
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen(), "no connection, no byte");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aRefusedConnectionsExceptionIsNotKeptOnceTheAppDropsIt(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + tmp.resolve("journal"))
                    .run(RefusedAndDropped.class.getName(), url);
            assertEquals("blocked", r.result("post"), r.toString());
            // A weak map's value lives until the collection after its key's: were it the exception,
            // every refusal's backtrace would be copied by one more young collection (100-400 ms
            // pauses for an app refused in a loop, docs/BENCHMARKS.md).
            assertEquals("false", r.result("kept"), "once the record is written, nothing of the agent's holds the exception:\n" + r);
            assertEquals(0, canary.seen());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void largeBodiesRefusedFasterThanTheJournalWritesThemDoNotFillTheHeap(Path jdk, @TempDir Path tmp) throws Exception {
        int body = 256 << 10;
        int attempts = 200; // per thread, two threads: 100 MiB of previews, more than the heap
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = new ForkedJvm(jdk).jvmArg("-Xmx64m")
                    .agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue + ",fold.window=0,payload.max=256k")
                    .run(LargeBodiesInALoop.class.getName(), url, String.valueOf(body), String.valueOf(attempts));
            // Events waiting for the writer hold their body copies; bounded by count alone (ring.size,
            // 8192) they filled this heap and the app's own calls failed with OutOfMemoryError.
            assertEquals("0", r.result("other"), "every call blocked, none failed otherwise:\n" + r);
            assertEquals(String.valueOf(2 * attempts), r.result("blocked"), r.toString());
            assertFalse(r.stderr.contains("OutOfMemoryError"), r.toString());
            assertEquals(0, canary.seen());

            List<Event> events = JournalEvents.readAll(queue);
            assertFalse(events.isEmpty(), r.toString());
            for (Event e : events) {
                assertEquals(body, e.payload.size);
                assertEquals(body, e.payload.preview.length(), "the whole body, payload.max=256k");
            }
            // Nothing vanished: each call is counted in a record (an overflow record counts many: the
            // ring was full), a drop a later record reports, or a drop the journal reports at exit.
            long reported = events.stream().mapToLong(e -> e.dropped).sum();
            Matcher closing = Pattern.compile("closed with (\\d+) event\\(s\\) dropped since the last one written").matcher(r.stderr);
            long atExit = closing.find() ? Long.parseLong(closing.group(1)) : 0;
            assertEquals(2L * attempts, JournalEvents.attempts(events) + reported + atExit, r.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aGzipBodyGetsADecodedPreview(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = run(jdk, "policy=" + Policies.denyCanary(tmp) + ",queue=" + queue, "connect", url, "gzip");
            assertEquals("blocked", r.result("post"), "connect() refused too:\n" + r);
            assertEquals("", r.agentStderr(), r.toString());
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
            assertNull(e.payload, "connect() comes before any body");
        }
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal-gzip");
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = run(jdk, "policy=" + Policies.denyCanary(tmp) + ",queue=" + queue, "buffered", url, "gzip");
            assertEquals("blocked", r.result("post"), r.toString());
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertGzipPayload(e);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void httpsIsRefusedBeforeAnyHandshakeAndStreamingRecordsTheHeaders(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            String url = "https://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = run(jdk, "policy=" + Policies.denyCanary(tmp) + ",queue=" + queue, "fixed", url);
            assertEquals("blocked", r.result("post"), r.toString());
            assertEquals("blocked", r.result("again"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen(), "no TCP connection, so no TLS handshake");
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
            assertNotNull(e.payload);
            assertEquals(-1, e.payload.size, "streaming: the body was never written");
            assertNull(e.payload.preview);
        }
    }
}
