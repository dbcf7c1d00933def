package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.LargeBodiesInALoop;
import io.egressguard.agent.itapps.RefusedAndDropped;
import io.egressguard.agent.itapps.UrlConnectionCalls;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HttpURLConnection (http and https) refused at the API: the caller gets EgressBlockedException,
 * nothing reaches the canary, and one record carries the request and its body.
 */
class HttpUrlConnectionIT {
    private static final String API = "http-urlconnection";

    static List<Path> jdks() {
        return Jdks.homes();
    }

    private static ForkedJvm.Result run(Path jdk, Path tmp, String agentArgs, String... args) throws Exception {
        // BytecodeVerificationLocal: verify the woven boot classes too (the JVM skips that by default).
        return new ForkedJvm(jdk).agentArgs(agentArgs).jvmArg("-XX:+UnlockDiagnosticVMOptions", "-XX:+BytecodeVerificationLocal")
                .run(UrlConnectionCalls.class.getName(), args);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aBufferedPostIsRefusedWithItsBodyAndNothingReachesTheCanary(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = run(jdk, tmp, "policy=" + Policies.denyCanary(tmp) + ",queue=" + queue, "buffered", url);
            assertEquals("blocked", r.result("post"), r.toString());
            assertEquals("blocked", r.result("again"), "a later call rethrows a copy of our type:\n" + r);
            assertTrue(r.message("post").startsWith("egressguard blocked 127.0.0.2:" + canary.port()), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen(), "no connection, no byte");

            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
            HttpRecords.assertJsonPayload(e);
            assertEquals("policy.yaml:2 canary", e.rule);
            assertEquals(CanaryServer.ADDRESS, e.host);
            // The IP literal is parsed only for a refused or recorded attempt: the record still has it.
            assertEquals(CanaryServer.ADDRESS, e.ip);
            assertEquals(canary.port(), e.port);
            assertTrue(e.culprit.frame.startsWith(UrlConnectionCalls.class.getName()), e.culprit.frame);
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
            ForkedJvm.Result r = run(jdk, tmp, "policy=" + Policies.denyCanary(tmp) + ",queue=" + queue, "connect", url, "gzip");
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
            ForkedJvm.Result r = run(jdk, tmp, "policy=" + Policies.denyCanary(tmp) + ",queue=" + queue, "buffered", url, "gzip");
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
            ForkedJvm.Result r = run(jdk, tmp, "policy=" + Policies.denyCanary(tmp) + ",queue=" + queue, "fixed", url);
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

    @ParameterizedTest
    @MethodSource("jdks")
    void anAllowedPostDeliversTheBodyUnchangedAndIsOneRecord(Path jdk, @TempDir Path tmp) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Path queue = tmp.resolve("journal");
            String url = "http://127.0.0.1:" + server.port() + "/v1/track";
            ForkedJvm.Result r = run(jdk, tmp, "queue=" + queue + ",record=all", "buffered", url);
            assertEquals("ok", r.result("post"), r.toString());
            assertEquals("200", r.result("code"), r.toString());
            HttpRecords.assertDeliveredUnchanged(r, server);
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, API, url, Action.ALLOWED);
            assertEquals("127.0.0.1", e.ip);
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
                    .run(UrlConnectionCalls.class.getName(), "buffered", url);
            assertEquals("blocked", r.result("post"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
            HttpRecords.assertJsonPayload(e);
            assertEquals("telemetry.plane.so", e.host);
            assertNull(e.ip, "nothing was resolved");
            assertEquals("catalog:telemetry.plane.so", e.rule);
            assertNotNull(e.vendor);
        }
    }
}
