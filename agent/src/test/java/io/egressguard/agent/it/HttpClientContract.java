package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.egressguard.agent.itapps.HttpCalls;
import io.egressguard.agent.itapps.HttpDriver;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every HTTP client library must get from the agent, in the spirit of OpenTelemetry's
 * AbstractHttpClientTest: each case runs the packaged agent in a forked JVM, on every JDK of
 * {@link Jdks} and every version of the library, sending the telemetry POST of
 * {@link io.egressguard.agent.itapps.HttpBodies} through the client's {@link HttpDriver}.
 *
 * <ol>
 *   <li>A refused call: the caller gets the block (an IOException naming egressguard and the
 *       rule), a canary on the denied 127.0.0.2 sees nothing, and one record carries the request
 *       (method, URL, headers), its body and the app's calling method.
 *   <li>An allowed call (127.0.0.1) reaches the server exactly as sent and the answer reaches the
 *       app; with record=all it is one record, with the default record mode none.
 *   <li>A name of the built-in catalog is refused before any lookup: the JVM's hosts file sends
 *       the name to the canary, which sees nothing, and the record has no address.
 *   <li>The asynchronous API fails the way the library reports failures (its future, its
 *       callback), with the block in the chain.
 *   <li>The record of an asynchronous call names the app's calling method, not the library's
 *       thread that ran the call.
 * </ol>
 *
 * A client's IT extends this with {@link #client()}; adding a client is a driver in itapps and a
 * few lines here. Its own class keeps only what is special to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpClientContract {
    static final String BLOCKED = "io.egressguard.agent.bootstrap.EgressBlockedException";
    /** A tracker of the built-in catalog (agent/src/main/resources/.../catalog.tsv: segment.io and its subdomains). */
    static final String CATALOG_NAME = "api.segment.io";
    static final String CATALOG_RULE = "catalog:segment.io";
    static final String CATALOG_VENDOR = "Segment";
    static final String PATH = "/v1/track";
    /** The library "folder" of a client the JDK has: nothing is added to the class path. */
    static final String BUILT_IN = "built-in";
    static final String NAME = "{1} on {0}";

    /** The client under test. */
    protected abstract Client client();

    /** What the contract needs to know of one client. */
    protected static final class Client {
        final Class<? extends HttpDriver> driver;
        final String api;
        List<String> libraries = List.of(BUILT_IN);
        String syncFailure = BLOCKED;
        String asyncFailure;
        List<String> jvmArgs = List.of();
        String allowedWithoutBody;

        private Client(Class<? extends HttpDriver> driver, String api) {
            this.driver = driver;
            this.api = api;
        }

        /** The client's driver, and the api its records carry. */
        static Client of(Class<? extends HttpDriver> driver, String api) {
            return new Client(driver, api);
        }

        /** The target/it-libs folders of the library's versions ({@link ClientLibraries}); none for the JDK's own clients. */
        Client libraries(List<String> folders) {
            this.libraries = folders;
            return this;
        }

        /** The class of what the blocking call throws when refused: by default the agent's own exception. */
        Client syncFailure(String className) {
            this.syncFailure = className;
            return this;
        }

        /** The client has an asynchronous API, which reports a refusal as this class (cases 4 and 5). */
        Client async(String failureClassName) {
            this.asyncFailure = failureClassName;
            return this;
        }

        /**
         * An allowed call's record (record=all) has the request but no body, for the reason given:
         * where the client connects before the app hands it the body. Case 2 then checks that the
         * record has none, so that it fails, and this goes, once the agent records the body.
         */
        Client allowedRecordHasNoBody(String why) {
            this.allowedWithoutBody = why;
            return this;
        }

        /** Flags for every forked app of this client. */
        Client jvmArgs(String... args) {
            this.jvmArgs = Arrays.asList(args);
            return this;
        }

        List<String> operations() {
            return asyncFailure == null ? List.of("sync") : List.of("sync", "async");
        }
    }

    /** Every JDK with every version of the client's library: (jdk, library folder). */
    Stream<Arguments> setups() {
        List<Arguments> all = new ArrayList<>();
        for (Path jdk : Jdks.homes()) {
            for (String library : client().libraries) {
                all.add(Arguments.of(jdk, library));
            }
        }
        return all.stream();
    }

    /** A JVM of {@code jdk} with the library's folder on its class path and the client's flags. */
    protected final ForkedJvm app(Path jdk, String library) throws Exception {
        ForkedJvm jvm = new ForkedJvm(jdk).jvmArg(client().jvmArgs.toArray(new String[0]));
        return BUILT_IN.equals(library) ? jvm : ClientLibraries.withLibrary(jvm, library);
    }

    /** Runs {@link HttpCalls} with the client's driver: OPERATION (sync, async) URL [OPTION...]. */
    protected final ForkedJvm.Result call(ForkedJvm jvm, String operation, String url, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(client().driver.getName(), operation, url));
        args.addAll(Arrays.asList(options));
        return jvm.run(HttpCalls.class.getName(), args.toArray(new String[0]));
    }

    // 1

    @ParameterizedTest(name = NAME)
    @MethodSource("setups")
    void aRefusedCallThrowsTheBlockAndIsOneRecordWithTheRequestAndItsBody(Path jdk, String library, @TempDir Path tmp) throws Exception {
        Refusal r = refuse(jdk, library, tmp, "sync", "http");
        assertEquals(client().syncFailure, r.app().result("thrown"), "what the blocking call threw:\n" + r.app());
        assertEquals("true", r.app().result("ioexception"), "an IOException, which a caller of an HTTP client handles:\n" + r.app());
        assertTrue(r.event().culprit.frame.startsWith(client().driver.getName() + ".send("), "the app's calling method: " + r.event().culprit.frame);
    }

    // 2

    @ParameterizedTest(name = NAME)
    @MethodSource("setups")
    void anAllowedCallIsDeliveredUnchangedAndIsOneRecordWithRecordAll(Path jdk, String library, @TempDir Path tmp) throws Exception {
        for (String operation : client().operations()) {
            try (RecordingHttpServer server = new RecordingHttpServer()) {
                Path queue = tmp.resolve("journal-" + operation);
                String url = "http://127.0.0.1:" + server.port() + PATH;
                ForkedJvm.Result r = call(app(jdk, library).agentArgs("queue=" + queue + ",record=all"), operation, url);
                assertAnswered(r, operation, server);
                Event e = HttpRecords.only(JournalEvents.readAll(queue));
                HttpRecords.assertRequest(e, client().api, url, Action.ALLOWED);
                if (client().allowedWithoutBody == null) {
                    HttpRecords.assertJsonPayload(e);
                } else {
                    assertNull(e.payload, client().allowedWithoutBody);
                }
                assertEquals("127.0.0.1", e.ip, operation);
                assertEquals(server.port(), e.port, operation);
            }
        }
    }

    @ParameterizedTest(name = NAME)
    @MethodSource("setups")
    void anAllowedCallIsNotRecordedInTheDefaultRecordMode(Path jdk, String library, @TempDir Path tmp) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = call(app(jdk, library).agentArgs("queue=" + queue), "sync", "http://127.0.0.1:" + server.port() + PATH);
            assertAnswered(r, "sync", server);
            assertEquals(List.of(), JournalEvents.readAll(queue), "allowed, and record=blocked: nothing journaled");
        }
    }

    private static void assertAnswered(ForkedJvm.Result r, String operation, RecordingHttpServer server) {
        assertEquals("ok", r.result(operation), r.toString());
        assertEquals("200", r.result("status"), r.toString());
        assertEquals(RecordingHttpServer.ANSWER, r.result("body"), "the app got the answer:\n" + r);
        HttpRecords.assertSentAsIs(r, server, PATH);
    }

    // 3

    @ParameterizedTest(name = NAME)
    @MethodSource("setups")
    void aCatalogNameIsRefusedBeforeAnyLookupWithTheRequestRecorded(Path jdk, String library, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            // Were the name looked up, the hosts file would answer the canary's address, and no policy denies it.
            Path hosts = Files.writeString(tmp.resolve("hosts"), CanaryServer.ADDRESS + " " + CATALOG_NAME + "\n");
            Path queue = tmp.resolve("journal");
            String url = "http://" + CATALOG_NAME + ":" + canary.port() + PATH;
            ForkedJvm.Result r = call(app(jdk, library).agentArgs("queue=" + queue).jvmArg("-Djdk.net.hosts.file=" + hosts), "sync", url);
            assertEquals("blocked", r.result("sync"), r.toString());
            assertEquals(client().syncFailure, r.result("thrown"), r.toString());
            assertEquals("true", r.result("ioexception"), r.toString());
            assertTrue(r.message("sync").endsWith("egressguard blocked " + CATALOG_NAME + ":" + canary.port() + " (rule " + CATALOG_RULE + ")"),
                    r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen(), "no lookup, so no connection to the address it would have given");
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, client().api, url, Action.BLOCKED);
            HttpRecords.assertJsonPayload(e);
            assertEquals(CATALOG_NAME, e.host);
            assertNull(e.ip, "nothing was resolved");
            assertEquals(CATALOG_RULE, e.rule);
            assertEquals(CATALOG_VENDOR, e.vendor);
            assertEquals(Severity.CRITICAL, e.severity);
        }
    }

    // 4

    @ParameterizedTest(name = NAME)
    @MethodSource("setups")
    void anAsyncCallFailsAsTheLibraryReportsFailuresWithTheBlockInTheChain(Path jdk, String library, @TempDir Path tmp) throws Exception {
        assumeTrue(client().asyncFailure != null, client().driver.getSimpleName() + ": no asynchronous API");
        Refusal r = refuse(jdk, library, tmp, "async", "http");
        assertEquals(client().asyncFailure, r.app().result("thrown"), "what the library reported to the app:\n" + r.app());
    }

    // 5

    @ParameterizedTest(name = NAME)
    @MethodSource("setups")
    void anAsyncCallsRecordNamesTheAppsCallingMethodAcrossTheHandOff(Path jdk, String library, @TempDir Path tmp) throws Exception {
        assumeTrue(client().asyncFailure != null, client().driver.getSimpleName() + ": no asynchronous API");
        Refusal r = refuse(jdk, library, tmp, "async", "http");
        Event e = r.event();
        assertNotNull(e.culprit, "stack: " + e.stack);
        assertTrue(e.culprit.frame.startsWith(client().driver.getName() + ".sendAsync("),
                "the app's calling method, on thread " + e.thread + ": " + e.culprit.frame + "\n" + e.stack);
        assertEquals(ForkedJvm.testClasses().toString(), e.culprit.jar, "the app's class directory");
        assertTrue(e.stack.stream().anyMatch(f -> f.startsWith(HttpCalls.class.getName() + ".")),
                "the app's frames above the call are in the stack:\n" + e.stack);
    }

    /** What the app printed, and the one record of its refused call. */
    protected record Refusal(ForkedJvm.Result app, Event event) {
    }

    /**
     * One call to the canary under a policy denying it: the block in what the app got, with our
     * message; nothing reaches the canary; one record with the request, its body (the gzip one
     * for the option gzip) and the rule. SCHEME http or https; OPTIONS for the driver.
     */
    protected final Refusal refuse(Path jdk, String library, Path tmp, String operation, String scheme, String... options) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = Files.createTempDirectory(tmp, "journal");
            String url = scheme + "://" + CanaryServer.ADDRESS + ":" + canary.port() + PATH;
            ForkedJvm.Result r = call(app(jdk, library).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue), operation, url, options);
            assertEquals("blocked", r.result(operation), "the block in what the app got:\n" + r);
            assertTrue(r.message(operation).endsWith("egressguard blocked " + CanaryServer.ADDRESS + ":" + canary.port() + " (rule policy.yaml:2 canary)"),
                    r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen(), "no connection, no byte");
            Event e = HttpRecords.only(JournalEvents.readAll(queue));
            HttpRecords.assertRequest(e, client().api, url, Action.BLOCKED);
            if (Arrays.asList(options).contains("gzip")) {
                HttpRecords.assertGzipPayload(e);
            } else {
                HttpRecords.assertJsonPayload(e);
            }
            assertEquals("policy.yaml:2 canary", e.rule);
            assertEquals(Severity.HIGH, e.severity);
            assertEquals(CanaryServer.ADDRESS, e.host);
            // The IP literal is parsed only for a refused or recorded attempt: the record still has it.
            assertEquals(CanaryServer.ADDRESS, e.ip);
            assertEquals(canary.port(), e.port);
            return new Refusal(r, e);
        }
    }
}
