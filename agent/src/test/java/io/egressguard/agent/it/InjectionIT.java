package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.BackstopPaths;
import io.egressguard.agent.itapps.SpawnChild;
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
            assertEquals(1, r.stderr.strip().split("\n").length, "one banner line: " + r.stderr);
            for (String line : r.stdout.split("\n")) {
                assertTrue(line.startsWith("RESULT ") || line.startsWith("MESSAGE "), "only the app's own lines on stdout: " + r.stdout);
            }
            assertEquals(1, JournalEvents.readAll(queue).size());
            assertEquals(0, canary.seen());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aChildJavaProcessInheritsTheVariableAndIsProtectedWithItsOwnJournal(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.denyCanary(tmp);
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk).withoutAgentFlag()
                    .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ForkedJvm.agentJar())
                    .env("EGRESSGUARD_POLICY", policy.toString())
                    .env("EGRESSGUARD_QUEUE", queue.toString())
                    .run(SpawnChild.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()));
            assertEquals(0, r.exitCode, r.toString());
            assertEquals("0", r.result("child-exit"), r.toString());
            assertTrue(r.stdout.contains("CHILD-OUT RESULT socket=blocked\n"), "the child's connect is refused: " + r);
            List<String> childErr = r.stdout.lines().filter(l -> l.startsWith("CHILD-ERR ")).collect(java.util.stream.Collectors.toList());
            assertEquals(1, childErr.size(), "the child prints only the banner: " + r);
            assertTrue(childErr.get(0).startsWith("CHILD-ERR Picked up JAVA_TOOL_OPTIONS"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            assertEquals(0, canary.seen());

            long childPid = Long.parseLong(r.result("child-pid"));
            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(1, events.size(), "the child's attempt, recorded once: " + BackstopIT.describe(events));
            Event e = events.get(0);
            assertEquals("blocked", e.action.wireName());
            assertEquals(childPid, e.jvm.pid, "recorded by the child's own agent");
            assertTrue(Files.isDirectory(queue.resolve(e.jvm.journal)), "in the child's own journal " + e.jvm.journal);
            assertTrue(e.jvm.journal.contains("-" + childPid + "-"), e.jvm.journal);
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

    /**
     * Issue 17: {@code -Djdk.module.main=jdk.jshell} on an app's command line made the agent believe
     * it ran inside jshell and sleep. The claim is now checked against what was launched: the app is
     * protected, as with a second variant that claims keytool's module (java.base).
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void aPropertyClaimingAJdkToolDoesNotPutTheAgentToSleep(Path jdk, @TempDir Path tmp) throws Exception {
        String agent = "-javaagent:" + ForkedJvm.agentJar() + "=policy=" + Policies.denyCanary(tmp) + ",queue=" + tmp.resolve("journal");
        try (CanaryServer canary = new CanaryServer()) {
            for (String module : new String[] {"jdk.jshell", "java.base"}) {
                ForkedJvm.Result r = new ForkedJvm(jdk).env("JAVA_TOOL_OPTIONS", agent).withoutAgentFlag()
                        .jvmArg("-Djdk.module.main=" + module)
                        .run(BackstopPaths.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), "socket");
                assertEquals("blocked", r.result("socket"), module + ": " + r);
            }
            assertEquals(0, canary.seen());
        }
    }
}
