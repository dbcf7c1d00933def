package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.JettyCalls;
import io.egressguard.agent.itapps.JettyMovedName;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Jetty 12 client has no request hook of ours: the JDK socket backstop decides it (a refused
 * name before any DNS query, an address at the connect), and the jetty module's hand-over hooks
 * name the app as culprit when Jetty connects on its executor. Nothing reaches the canary and
 * there is one record. (Apache HttpClient 5 is caught at its API: ApacheHttpClientIT.)
 */
class JettyIT {
    static Stream<Path> jdks() {
        return Jdks.homes().stream();
    }

    static Stream<Arguments> clients() {
        List<Arguments> all = new ArrayList<>();
        for (Path jdk : Jdks.homes()) {
            all.add(Arguments.of(jdk, ClientLibraries.JETTY, JettyCalls.class.getName()));
        }
        return all.stream();
    }

    /** With a resolver that runs on the caller's thread, Jetty connects there too: the app is the culprit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void jettyIsRefusedAtTheSocketWithOursInTheChain(Path jdk, @TempDir Path tmp) throws Exception {
        Refusal r = refuse(jdk, ClientLibraries.JETTY, tmp, JettyCalls.class.getName(), "sync");
        assertEquals("blocked", r.app.result("post"), "ours in the cause chain:\n" + r.app);
        assertTrue(r.event.culprit.frame.startsWith(JettyCalls.class.getName()), "the app's frame, not Jetty's: " + r.event.culprit.frame);
    }

    /**
     * Jetty's default resolver hands the lookup, and so the connect, to Jetty's executor, whose
     * stack holds no app frame: the stack remembered where the app asked for the connection (the
     * resolver's entry, hooked) names the app all the same.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void jettyWithItsDefaultResolverConnectsOnItsOwnThreadAndNamesTheApp(Path jdk, @TempDir Path tmp) throws Exception {
        Refusal r = refuse(jdk, ClientLibraries.JETTY, tmp, JettyCalls.class.getName());
        assertEquals("blocked", r.app.result("post"), "ours in the cause chain:\n" + r.app);
        assertNotEquals("main", r.event.thread, "connected on Jetty's executor");
        assertTrue(r.event.culprit.frame.startsWith(JettyCalls.class.getName()), "the app's frame, not Jetty's: " + r.event.culprit.frame);
    }

    /**
     * An allowed connection keeps no caller stack at Jetty's resolver (it is sure not to be recorded),
     * but with record=all it is recorded, and then it must still name the app, not Jetty's executor.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void jettyRecordingAllowedConnectionsStillNamesTheApp(Path jdk, @TempDir Path tmp) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = ClientLibraries.withLibrary(new ForkedJvm(jdk), ClientLibraries.JETTY).agentArgs("queue=" + queue + ",record=all")
                    .run(JettyCalls.class.getName(), "http://127.0.0.1:" + server.port() + "/v1/track");
            assertEquals("ok", r.result("post"), r.toString());
            List<Event> sockets = JournalEvents.readAll(queue).stream().filter(e -> e.api.equals("socket") && e.port == server.port()).toList();
            assertEquals(1, sockets.size(), r.toString());
            Event e = sockets.get(0);
            assertEquals(Action.ALLOWED, e.action);
            assertNotEquals("main", e.thread, "connected on Jetty's executor");
            assertTrue(e.culprit.frame.startsWith(JettyCalls.class.getName()), "the app's frame, not Jetty's: " + e.culprit.frame);
        }
    }

    /**
     * A new connection to a name whose last connect was let through keeps no stack at the resolver.
     * When the name has moved to a denied address, the refused connect on Jetty's executor still
     * names the app, read from the thread waiting in Jetty's blocking send.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void jettyToANameThatMovedToADeniedAddressStillNamesTheApp(Path jdk, @TempDir Path tmp) throws Exception {
        String name = "api.example.test";
        try (CanaryServer canary = new CanaryServer(); RecordingHttpServer server = new RecordingHttpServer(canary.port())) {
            Path queue = tmp.resolve("journal");
            Path hosts = tmp.resolve("hosts");
            Files.writeString(hosts, "127.0.0.1 " + name + "\n");
            ForkedJvm.Result r = ClientLibraries.withLibrary(new ForkedJvm(jdk), ClientLibraries.JETTY)
                    .agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue)
                    .jvmArg("-Djdk.net.hosts.file=" + hosts, "-Dsun.net.inetaddr.ttl=0")
                    .run(JettyMovedName.class.getName(), "http://" + name + ":" + canary.port() + "/v1/track", hosts.toString(),
                            CanaryServer.ADDRESS + " " + name);
            assertEquals("ok", r.result("first"), r.toString());
            assertEquals("blocked", r.result("moved"), "ours in the cause chain:\n" + r);
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());
            assertEquals(1, server.bodies().size(), "the first post reached the allowed server");
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals(Action.BLOCKED, e.action);
            assertEquals(name, e.host);
            assertEquals(CanaryServer.ADDRESS, e.ip);
            assertNotEquals("main", e.thread, "connected on Jetty's executor");
            assertNotNull(e.culprit, "stack: " + e.stack);
            assertTrue(e.culprit.frame.startsWith(JettyMovedName.class.getName() + ".post("), "the app's frame, not Jetty's: " + e.culprit.frame);
            Path classes = Path.of(JettyMovedName.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertEquals(classes.toString(), e.culprit.jar, "the app's class directory");
        }
    }

    private record Refusal(ForkedJvm.Result app, Event event) {
    }

    /** Runs the app against the canary under a policy denying it: no connection, no byte, one socket record. */
    private static Refusal refuse(Path jdk, String lib, Path tmp, String app, String... extra) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            List<String> args = new ArrayList<>(List.of("http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track"));
            args.addAll(List.of(extra));
            ForkedJvm.Result r = ClientLibraries.withLibrary(new ForkedJvm(jdk), lib)
                    .agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue).run(app, args.toArray(new String[0]));
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.connections(), "no connection");
            assertEquals(0, canary.bytes(), "no byte");
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals("socket", e.api);
            assertEquals(Action.BLOCKED, e.action);
            assertEquals(CanaryServer.ADDRESS, e.ip);
            assertEquals(canary.port(), e.port);
            assertEquals("policy.yaml:2 canary", e.rule);
            return new Refusal(r, e);
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("clients")
    void aCatalogNameIsRefusedBeforeTheLookup(Path jdk, String lib, String app, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            // Were the name looked up, the hosts file would send the request to the canary.
            Path hosts = tmp.resolve("hosts");
            Files.writeString(hosts, "127.0.0.2 telemetry.plane.so\n");
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = ClientLibraries.withLibrary(new ForkedJvm(jdk), lib).agentArgs("queue=" + queue)
                    .jvmArg("-Djdk.net.hosts.file=" + hosts).run(app, "http://telemetry.plane.so:" + canary.port() + "/v1/track");
            assertEquals("blocked-lookup", r.result("post"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            assertEquals("dns", e.api);
            assertEquals(Action.BLOCKED, e.action);
            assertEquals("telemetry.plane.so", e.host);
            assertNull(e.ip, "nothing was resolved");
            assertEquals("catalog:telemetry.plane.so", e.rule);
            assertTrue(e.culprit.frame.startsWith(app), "the app's frame (Jetty looks up on its executor): " + e.culprit.frame);
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("clients")
    void anAllowedPostToALocalServerWorks(Path jdk, String lib, String app, @TempDir Path tmp) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = ClientLibraries.withLibrary(new ForkedJvm(jdk), lib).agentArgs("queue=" + queue)
                    .run(app, "http://127.0.0.1:" + server.port() + "/v1/track");
            assertEquals("ok", r.result("post"), r.toString());
            assertEquals("200", r.result("status"), r.toString());
            HttpRecords.assertDeliveredUnchanged(r, server);
            assertEquals(List.of(), JournalEvents.readAll(queue), "allowed and record=blocked: nothing journaled");
        }
    }
}
