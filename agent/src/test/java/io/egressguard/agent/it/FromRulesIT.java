package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.DependencyCalls;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-dependency rules (from:) under the packaged agent: two SDK jars built here with different
 * coordinates call the same destination, api.pay.test (the JVM's hosts file maps it to 127.0.0.1),
 * through OkHttp (execute and enqueue) and the JDK HttpClient (send and sendAsync). The policy
 * allows that name from com.pay:pay-sdk only. The other SDK is refused every way and the server
 * sees no connection from it; pay-sdk gets through every way, on its own thread and handed over
 * to the clients' threads (which look up and connect for it).
 */
class FromRulesIT {
    private static final String ALLOWED_GAV = "com.pay:pay-sdk:3.1.0";
    private static final String REFUSED_GAV = "com.other:other-sdk:1.0";
    private static final String HOST = "api.pay.test";
    private static final String[] WAYS = {"okhttpSync", "okhttpAsync", "clientSync", "clientAsync"};

    static Stream<Arguments> setups() {
        List<Arguments> all = new ArrayList<>();
        for (Path jdk : Jdks.homes()) {
            for (String okhttp : ClientLibraries.okhttp()) {
                all.add(Arguments.of(jdk, okhttp));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("setups")
    void onlyTheNamedDependencyReachesTheDestinationOnItsThreadAndHandedOver(Path jdk, String okhttp, @TempDir Path tmp) throws Exception {
        List<Path> okhttpJars = ClientLibraries.jars(okhttp);
        Path allowed = SdkJars.twoClientSdkJar(tmp.resolve("lib/pay-sdk-3.1.0.jar"), ALLOWED_GAV, "com.pay.sdk", okhttpJars);
        Path refused = SdkJars.twoClientSdkJar(tmp.resolve("lib/other-sdk-1.0.jar"), REFUSED_GAV, "com.other.sdk", okhttpJars);
        Path policy = Policies.write(tmp.resolve("policy.yaml"), "rules:\n"
                + "  - allow: " + HOST + "\n"
                + "    from: com.pay:pay-sdk\n"
                + "  - deny: " + HOST + "\n");
        Path hosts = Files.writeString(tmp.resolve("hosts"), "127.0.0.1 " + HOST + "\n");
        try (CountingHttpServer server = new CountingHttpServer()) {
            String url = "http://" + HOST + ":" + server.port() + "/v1/charge";

            // The refused dependency first: nothing of it may reach the server.
            Path refusedQueue = tmp.resolve("journal-refused");
            ForkedJvm.Result r = run(jdk, okhttp, refused, policy, hosts, refusedQueue, "com.other.sdk.Sdk", url);
            for (String way : WAYS) {
                assertEquals("blocked", r.result(way), way + ":\n" + r);
            }
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, server.connections(), "no connection from the refused dependency:\n" + r);
            List<Event> blocked = attempts(JournalEvents.readAll(refusedQueue));
            assertFalse(blocked.isEmpty(), r.toString());
            for (Event e : blocked) {
                assertEquals(Action.BLOCKED, e.action, e.toString());
                assertEquals("policy.yaml:4 deny " + HOST, e.rule);
                assertEquals(REFUSED_GAV, e.culprit.gav, "the SDK is the culprit, not OkHttp nor a client thread: " + e.culprit.frame);
                assertTrue(e.culprit.frame.startsWith("com.other.sdk.Sdk."), e.culprit.frame);
            }

            // The named dependency, the same destination: every way gets through.
            Path allowedQueue = tmp.resolve("journal-allowed");
            r = run(jdk, okhttp, allowed, policy, hosts, allowedQueue, "com.pay.sdk.Sdk", url);
            for (String way : WAYS) {
                assertEquals("ok", r.result(way), way + ":\n" + r);
                assertEquals("status 200", r.result(way + ".got"), way + ":\n" + r);
            }
            assertEquals("", r.agentStderr(), r.toString());
            List<String> lines = server.requestLines();
            for (String via : new String[] {"okhttp-sync", "okhttp-async", "client-sync", "client-async"}) {
                assertTrue(lines.contains("GET /v1/charge?via=" + via + " HTTP/1.1"), via + " reached the server: " + lines);
            }
            assertEquals(List.of(), attempts(JournalEvents.readAll(allowedQueue)), "allowed, and record=blocked: nothing journaled");
        }
    }

    private static ForkedJvm.Result run(Path jdk, String okhttp, Path sdk, Path policy, Path hosts, Path queue, String sdkClass, String url)
            throws Exception {
        ForkedJvm jvm = ClientLibraries.withLibrary(new ForkedJvm(jdk), okhttp).classpath(sdk)
                .jvmArg("-Djdk.net.hosts.file=" + hosts)
                .agentArgs("policy=" + policy + ",queue=" + queue);
        return jvm.run(DependencyCalls.class.getName(), sdkClass, url);
    }

    /** The records of attempts (a drop-count record stands for none). */
    private static List<Event> attempts(List<Event> all) {
        return all.stream().filter(e -> e.count > 0).collect(Collectors.toList());
    }
}
