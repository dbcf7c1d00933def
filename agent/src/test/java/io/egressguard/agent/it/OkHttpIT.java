package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.HttpBodies;
import io.egressguard.agent.itapps.OkHttpCalls;
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
 * OkHttp 3.14, 4.12 and 5.x refused at the API: execute() throws EgressBlockedException, enqueue()
 * hands it to Callback.onFailure, nothing reaches the canary, and one record carries the request,
 * its body and the app's frame (for enqueue: the stack where the call was enqueued, not the
 * dispatcher's).
 */
class OkHttpIT {
    private static final String API = "okhttp";
    private static final String BLOCKED = "io.egressguard.agent.bootstrap.EgressBlockedException";

    static Stream<Arguments> versions() {
        return ClientLibraries.matrix(ClientLibraries.okhttp());
    }

    private static ForkedJvm app(Path jdk, String okhttp) throws Exception {
        return ClientLibraries.withLibrary(new ForkedJvm(jdk), okhttp);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void executeAndEnqueueAreRefusedWithTheRequestAndBodyRecorded(Path jdk, String okhttp, @TempDir Path tmp) throws Exception {
        for (String mode : new String[] {"execute", "enqueue"}) {
            try (CanaryServer canary = new CanaryServer()) {
                Path queue = tmp.resolve("journal-" + mode);
                String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
                ForkedJvm.Result r = app(jdk, okhttp).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                        .run(OkHttpCalls.class.getName(), mode, url);
                assertEquals("blocked", r.result(mode), r.toString());
                assertEquals(BLOCKED, r.result("thrown"), "execute throws ours, onFailure gets ours:\n" + r);
                assertEquals("", r.agentStderr(), r.toString());
                Thread.sleep(200);
                assertEquals(0, canary.seen(), "no connection, no byte");
                Event e = HttpRecords.only(JournalEvents.readAll(queue));
                HttpRecords.assertRequest(e, API, url, Action.BLOCKED);
                HttpRecords.assertJsonPayload(e);
                assertEquals("policy.yaml:2 canary", e.rule);
                assertEquals(CanaryServer.ADDRESS, e.ip);
                assertTrue(e.culprit.frame.startsWith(OkHttpCalls.class.getName()), mode + ": the app's frame, " + e.culprit.frame);
                assertTrue(String.join("\n", e.stack).contains(OkHttpCalls.class.getName()), "the app's code is in the stack:\n" + e.stack);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void anAllowedCallDeliversTheBodyUnchangedAndIsOneRecord(Path jdk, String okhttp, @TempDir Path tmp) throws Exception {
        for (String mode : new String[] {"execute", "enqueue"}) {
            try (RecordingHttpServer server = new RecordingHttpServer()) {
                Path queue = tmp.resolve("journal-" + mode);
                String url = "http://127.0.0.1:" + server.port() + "/v1/track";
                ForkedJvm.Result r = app(jdk, okhttp).agentArgs("queue=" + queue + ",record=all").run(OkHttpCalls.class.getName(), mode, url);
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
    @MethodSource("versions")
    void aCatalogNameIsRefusedBeforeTheLookup(Path jdk, String okhttp, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            // Were the name looked up, the hosts file would send the request to the canary.
            Path hosts = tmp.resolve("hosts");
            Files.writeString(hosts, "127.0.0.2 telemetry.plane.so\n");
            Path queue = tmp.resolve("journal");
            String url = "http://telemetry.plane.so:" + canary.port() + "/v1/track";
            ForkedJvm.Result r = app(jdk, okhttp).agentArgs("queue=" + queue).jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .run(OkHttpCalls.class.getName(), "execute", url);
            assertEquals("blocked", r.result("execute"), r.toString());
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

    /**
     * A vendor SDK that sends through OkHttp's enqueue: the culprit is the SDK's frame, its jar and
     * its Maven coordinates, not OkHttp (a transport) nor the dispatcher thread.
     */
    @ParameterizedTest
    @MethodSource("versions")
    void aVendorSdkSendingThroughOkHttpIsTheCulprit(Path jdk, String okhttp, @TempDir Path tmp) throws Exception {
        if (!okhttp.equals(ClientLibraries.okhttp().get(ClientLibraries.okhttp().size() - 1))) {
            return; // one version is enough here: the attribution does not depend on it
        }
        Path sdk = VendorSdkJar.build(tmp.resolve("sdk"), ClientLibraries.jars(okhttp));
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = app(jdk, okhttp).classpath(sdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .run(OkHttpCalls.class.getName(), "sdk", url);
            assertEquals("blocked", r.result("sdk"), r.toString());
            assertEquals(BLOCKED, r.result("thrown"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals(API, e.api);
            assertTrue(e.culprit.frame.startsWith(VendorSdkJar.CLASS + ".track("), e.culprit.frame);
            assertEquals(sdk.toString(), e.culprit.jar);
            assertEquals(VendorSdkJar.GAV, e.culprit.gav);
            assertEquals(HttpBodies.JSON, e.payload.preview);
        }
    }
}
