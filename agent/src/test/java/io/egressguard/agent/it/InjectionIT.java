package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.BackstopPaths;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ways operators attach the agent: JAVA_TOOL_OPTIONS, twice by mistake, and JDK tools it must leave alone. */
class InjectionIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void javaToolOptionsAloneProtectsTheJvm(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.denyCanary(tmp);
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk).withoutAgentFlag()
                    .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ForkedJvm.agentJar())
                    .env("EGRESSGUARD_POLICY", policy.toString())
                    .env("EGRESSGUARD_QUEUE", queue.toString())
                    .run(BackstopPaths.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), "socket");
            assertEquals("blocked", r.result("socket"), r.toString());
            assertTrue(r.stderr.startsWith("Picked up JAVA_TOOL_OPTIONS"), r.stderr);
            assertEquals("", r.agentStderr(), "the banner is the only extra output: " + r.stderr);
            assertEquals(1, JournalEvents.readAll(queue).size());
            assertEquals(0, canary.seen());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void loadedTwiceItInstallsOnce(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.denyCanary(tmp);
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + queue)
                    .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ForkedJvm.agentJar() + "=policy=" + policy + ",queue=" + queue)
                    .run(BackstopPaths.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), "socket");
            assertEquals("blocked", r.result("socket"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(1, events.size(), "one agent, one record: " + BackstopIT.describe(events));
            try (var dirs = Files.list(queue)) {
                assertEquals(1, dirs.count(), "one journal directory");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void jdkToolsLeaveTheAgentDormantUnlessAsked(Path jdk, @TempDir Path tmp) throws Exception {
        Path queue = tmp.resolve("journal");
        String agent = "-javaagent:" + ForkedJvm.agentJar() + "=verbose=true,queue=" + queue;
        ForkedJvm.Result javac = new ForkedJvm(jdk).env("JAVA_TOOL_OPTIONS", agent)
                .exec(Arrays.asList(jdk.resolve("bin/javac").toString(), "-version"));
        assertEquals(0, javac.exitCode, javac.toString());
        assertEquals("", javac.agentStderr(), "dormant in javac: " + javac.stderr);
        assertFalse(Files.exists(queue), "no journal from a dormant agent");

        ForkedJvm.Result jar = new ForkedJvm(jdk).env("JAVA_TOOL_OPTIONS", agent)
                .exec(Arrays.asList(jdk.resolve("bin/jar").toString(), "--version"));
        assertEquals("", jar.agentStderr(), "dormant in jar: " + jar.stderr);

        ForkedJvm.Result asked = new ForkedJvm(jdk).env("JAVA_TOOL_OPTIONS", agent + ",tools=true")
                .exec(Arrays.asList(jdk.resolve("bin/javac").toString(), "-version"));
        assertEquals(0, asked.exitCode, asked.toString());
        assertTrue(asked.stderr.contains("egressguard: active"), "tools=true activates it: " + asked.stderr);
    }
}
