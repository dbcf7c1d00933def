package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.HttpBodies;
import io.egressguard.agent.itapps.OkHttpDriver;
import io.egressguard.agent.itapps.VendorSdkCalls;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OkHttp 3.14, 4.12 and 5.x refused at the API ({@link HttpClientContract}): execute() throws
 * EgressBlockedException, enqueue() hands it to Callback.onFailure, and the record of an enqueued
 * call names the app's frame where it was enqueued, not the dispatcher's.
 */
class OkHttpIT extends HttpClientContract {
    @Override
    protected Client client() {
        return Client.of(OkHttpDriver.class, "okhttp").libraries(ClientLibraries.okhttp()).async(BLOCKED);
    }

    /**
     * A vendor SDK that sends through OkHttp's enqueue: the culprit is the SDK's frame, its jar and
     * its Maven coordinates, not OkHttp (a transport) nor the dispatcher thread.
     */
    @ParameterizedTest(name = NAME)
    @MethodSource("setups")
    void aVendorSdkSendingThroughOkHttpIsTheCulprit(Path jdk, String okhttp, @TempDir Path tmp) throws Exception {
        List<String> versions = ClientLibraries.okhttp();
        if (!okhttp.equals(versions.get(versions.size() - 1))) {
            return; // one version is enough here: the attribution does not depend on it
        }
        Path sdk = VendorSdkJar.build(tmp.resolve("sdk"), ClientLibraries.jars(okhttp));
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = app(jdk, okhttp).classpath(sdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .run(VendorSdkCalls.class.getName(), url);
            assertEquals("blocked", r.result("sdk"), r.toString());
            assertEquals(BLOCKED, r.result("thrown"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals("okhttp", e.api);
            assertTrue(e.culprit.frame.startsWith(VendorSdkJar.CLASS + ".track("), e.culprit.frame);
            assertEquals(sdk.toString(), e.culprit.jar);
            assertEquals(VendorSdkJar.GAV, e.culprit.gav);
            assertEquals(HttpBodies.JSON, e.payload.preview);
        }
    }
}
