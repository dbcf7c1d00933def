package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.HttpCalls;
import io.egressguard.agent.itapps.HttpClientMovedName;
import io.egressguard.agent.itapps.JdkHttpClientDriver;
import io.egressguard.agent.itapps.UrlConnectionCalls;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent never looks a name up on its own behalf: a name that only its address decides is
 * decided by the address the client itself resolved, at the connect. Each test maps
 * {@code api.example.test} to the denied canary address in the JVM's hosts file, so a lookup by the
 * agent would show as a refusal.
 */
class NoOwnLookupIT {
    private static final String NAME = "api.example.test";

    static Stream<Path> jdks() {
        return Jdks.homes().stream();
    }

    private static Path hosts(Path tmp) throws Exception {
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, CanaryServer.ADDRESS + " " + NAME + "\n");
        return hosts;
    }

    /**
     * Through an HTTP proxy the app never resolves the name (the proxy would): the agent must not
     * either, so the request reaches the (allowed, local) proxy. An agent that resolved the name to
     * decide it would have refused the request for the canary address.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void aProxiedRequestIsDecidedWithoutResolvingItsName(Path jdk, @TempDir Path tmp) throws Exception {
        try (RecordingHttpServer proxy = new RecordingHttpServer(); CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .jvmArg("-Djdk.net.hosts.file=" + hosts(tmp), "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + proxy.port())
                    .run(UrlConnectionCalls.class.getName(), "buffered", "http://" + NAME + ":" + canary.port() + "/v1/track");
            assertEquals("ok", r.result("post"), r.toString());
            HttpRecords.assertDeliveredUnchanged(r, proxy);
            assertEquals(0, canary.seen());
            assertEquals(List.of(), JournalEvents.readAll(queue), "the connect to the proxy is allowed: nothing to record");
        }
    }

    /** Direct: the client resolves the name, its connect to the canary address is refused, recorded with the request. */
    @ParameterizedTest
    @MethodSource("jdks")
    void aUrlConnectionToANameDeniedByItsAddressIsRecordedWithTheRequest(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            String url = "http://" + NAME + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .jvmArg("-Djdk.net.hosts.file=" + hosts(tmp)).run(UrlConnectionCalls.class.getName(), "buffered", url);
            assertEquals("blocked", r.result("post"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            // The connect comes with getOutputStream, before the body is written: headers only.
            HttpRecords.assertRequest(e, "http-urlconnection", url, Action.BLOCKED);
            assertEquals(NAME, e.host);
            assertEquals(CanaryServer.ADDRESS, e.ip, "the address the client resolved");
            assertEquals("policy.yaml:2 canary", e.rule);
            assertTrue(e.culprit.frame.startsWith(UrlConnectionCalls.class.getName()), e.culprit.frame);
        }
    }

    /** HttpClient connects on its executor: the record still names the caller, and carries the replayable body. */
    @ParameterizedTest
    @MethodSource("jdks")
    void anHttpClientRequestToANameDeniedByItsAddressIsRecordedWithItsBody(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            String url = "http://" + NAME + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .jvmArg("-Djdk.net.hosts.file=" + hosts(tmp)).run(HttpCalls.class.getName(), JdkHttpClientDriver.class.getName(), "sync", url);
            assertEquals("blocked", r.result("sync"), "ours in the cause chain:\n" + r);
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, "http-client", url, Action.BLOCKED);
            HttpRecords.assertJsonPayload(e);
            assertEquals(NAME, e.host);
            assertEquals(CanaryServer.ADDRESS, e.ip);
            assertTrue(e.culprit.frame.startsWith(JdkHttpClientDriver.class.getName() + ".send("), e.culprit.frame);
        }
    }

    /**
     * A send to a name whose last connect was let through takes no stack up front (the request most
     * likely reuses that connection). When the name has moved to a denied address, the connect is
     * refused on HttpClient's executor and the record still names the caller, read from the thread
     * waiting in send, with its jar.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void aSendToANameThatMovedToADeniedAddressStillNamesTheCaller(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer(); RecordingHttpServer server = new RecordingHttpServer(canary.port())) {
            Path queue = tmp.resolve("journal");
            Path hosts = tmp.resolve("hosts");
            Files.writeString(hosts, "127.0.0.1 " + NAME + "\n");
            String url = "http://" + NAME + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .jvmArg("-Djdk.net.hosts.file=" + hosts, "-Dsun.net.inetaddr.ttl=0")
                    .run(HttpClientMovedName.class.getName(), url, hosts.toString(), CanaryServer.ADDRESS + " " + NAME);
            assertEquals("ok", r.result("first"), r.toString());
            assertEquals("blocked", r.result("moved"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());
            assertEquals(1, server.bodies().size(), "the first send reached the allowed server");
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, "http-client", url, Action.BLOCKED);
            assertEquals(CanaryServer.ADDRESS, e.ip);
            assertNotNull(e.culprit, "stack: " + e.stack);
            assertTrue(e.culprit.frame.startsWith(HttpClientMovedName.class.getName() + ".send("), e.culprit.frame);
            Path classes = Path.of(HttpClientMovedName.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertEquals(classes.toString(), e.culprit.jar, "the caller's class directory");
            assertTrue(e.stack.get(0).startsWith("java.net.http/jdk.internal.net.http.HttpClientImpl.send("), e.stack.toString());
        }
    }
}
