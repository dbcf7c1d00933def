package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.egressguard.agent.itapps.AfterSelfTest;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17: at activation the agent proves its hooks through the JDK's own API: a lookup of a
 * reserved name and a connect to a reserved loopback address must come back refused. With the
 * hooks in place that is silent (verbose says so) and leaves no record; where a connect reaches the
 * native code without the hooked path (JDK 17's legacy socket implementation, chosen by a flag or
 * by a dependency's System.setProperty), the agent says so in one line and fails closed: a name
 * the policy allows is refused afterwards.
 */
class SelfTestIT {
    private static final String ALLOWED_NAME = "www.example.org";

    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withTheHooksInPlaceTheSelfTestPassesAndRecordsNothing(Path jdk, @TempDir Path tmp) throws Exception {
        Path queue = tmp.resolve("journal");
        try (CanaryServer canary = new CanaryServer()) {
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy(tmp) + ",queue=" + queue + ",verbose=true")
                    .run(AfterSelfTest.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), ALLOWED_NAME);
            assertEquals("blocked", r.result("connect"), r.toString());
            assertTrue(r.agentStderr().contains("egressguard: self-test passed"), r.toString());
            assertTrue(r.agentStderr().lines().noneMatch(l -> l.contains("self-test failed")), r.toString());
            assertTrue(r.result("lookup").startsWith("error:java.net.UnknownHostException"), "the allowed name was looked up: " + r);
            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(1, events.size(), "the app's attempt only, none of the probes: " + BackstopIT.describe(events));
            assertEquals(0, canary.seen());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theLegacySocketImplementationIsCaughtByTheSelfTestWhichFailsClosed(Path jdk, @TempDir Path tmp) throws Exception {
        assumeTrue(Jdks.feature(jdk) < 18, "skipped: the legacy socket implementation exists only up to JDK 17");
        for (String how : new String[] {"flag", "set-plain"}) {
            ForkedJvm fork = new ForkedJvm(jdk).agentArgs("policy=" + policy(tmp) + ",queue=" + tmp.resolve("journal-" + how));
            if (how.equals("flag")) {
                fork.jvmArg("-Djdk.net.usePlainSocketImpl=true");
            }
            // the first connect goes to a closed loopback port: it only makes the app use the network
            ForkedJvm.Result r = fork.run(AfterSelfTest.class.getName(), "127.0.0.1", "9", ALLOWED_NAME, how);
            List<String> lines = r.agentStderr().trim().lines().toList();
            assertEquals(1, lines.size(), how + ": " + r);
            assertTrue(lines.get(0).startsWith("egressguard: self-test failed: a connect to 127.86.71.84:9 reached the network stack")
                    && lines.get(0).contains("the socket hook is not in place") && lines.get(0).endsWith("failing closed"
                    + " (only loopback, localhost and this host's name allowed)"), how + ": " + lines.get(0));
            assertEquals("blocked-lookup", r.result("lookup"), how + ": the policy allows it, failing closed refuses it: " + r);
        }
    }

    private static Path policy(Path tmp) throws Exception {
        return Policies.write(tmp.resolve("policy.yaml"), "rules:\n  - deny: " + CanaryServer.ADDRESS + "\n  - allow: \"*.example.org\"\n");
    }
}
