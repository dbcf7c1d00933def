package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.BackstopPaths;
import io.egressguard.agent.itapps.Idle;
import io.egressguard.agent.itapps.OwnLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent keeps to itself: its libraries, its files, its threads, and a broken journal hurts nobody. */
class IsolationIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anAppWithItsOwnJacksonChronicleAndByteBuddyRunsUnchanged(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.denyCanary(tmp);
            ForkedJvm fork = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + tmp.resolve("journal"))
                    .jvmArg("--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                            "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                            "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true");
            // The app's own (older) Jackson and Byte Buddy first, then its own copy of Chronicle.
            for (Path jar : ClientLibraries.jars("")) {
                fork.classpath(jar);
            }
            for (String entry : Files.readString(Paths.get("target/it-classpath.txt")).trim().split(java.io.File.pathSeparator)) {
                fork.classpath(Paths.get(entry));
            }
            ForkedJvm.Result r = fork.run(OwnLibraries.class.getName(), tmp.resolve("app-queue").toString(),
                    CanaryServer.ADDRESS, String.valueOf(canary.port()));
            assertEquals(0, r.exitCode, r.toString());
            assertEquals(ClientLibraries.ownVersion("jackson"), r.result("jackson"), "the app sees its own Jackson: " + r);
            assertEquals(ClientLibraries.ownVersion("bytebuddy"), r.result("bytebuddy"), r.toString());
            assertEquals("ok", r.result("bytebuddy-subclass"), r.toString());
            assertEquals("ok", r.result("chronicle"), r.toString());
            assertEquals("blocked", r.result("socket"), "and the agent still blocks: " + r);
            assertEquals(0, canary.seen());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theAgentConnectsNowhereAndWritesOnlyItsJournal(Path jdk, @TempDir Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path tmpdir = Files.createDirectories(tmp.resolve("tmp"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        // A system.properties in the working directory must not be read into the app's properties.
        Files.writeString(work.resolve("system.properties"), "egressguard.should.not.load=true\n");
        try (LoopbackServer server = new LoopbackServer()) {
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("record=all")
                    .jvmArg("-Duser.home=" + home, "-Djava.io.tmpdir=" + tmpdir)
                    .env("HOME", home.toString())
                    .workDir(work)
                    .run(BackstopPaths.class.getName(), "127.0.0.1", String.valueOf(server.port()), "socket");
            assertEquals("ok", r.result("socket"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());

            Path journalParent = home.resolve(".egressguard/journal");
            var events = JournalEvents.readAll(journalParent);
            assertEquals(1, events.size(), "record=all holds the app's one connect and nothing of the agent's own: " + BackstopIT.describe(events));
            assertTrue(events.get(0).thread.equals("main"), events.get(0).thread);

            assertEquals(List.of(), files(tmpdir), "nothing in java.io.tmpdir");
            assertEquals(List.of(work.resolve("system.properties")), files(work), "nothing in the working directory");
            for (Path f : files(home)) {
                assertTrue(f.startsWith(journalParent), "only the journal under HOME: " + f);
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                assertTrue(perms.stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")),
                        "owner-only: " + f + " " + perms);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anUnwritableJournalDisablesRecordingNotBlocking(Path jdk, @TempDir Path tmp) throws Exception {
        Path notADir = Files.writeString(tmp.resolve("a-file"), "x");
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.denyCanary(tmp);
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + notADir.resolve("journal"))
                    .run(BackstopPaths.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), "socket", "udp-socket");
            assertEquals(0, r.exitCode, r.toString());
            assertEquals("blocked", r.result("socket"), r.toString());
            assertEquals("blocked", r.result("udp-socket"), r.toString());
            String[] lines = r.agentStderr().trim().split("\n");
            assertEquals(1, lines.length, "one line says why: " + r.stderr);
            assertTrue(lines[0].startsWith("egressguard: journal disabled"), lines[0]);
            assertTrue(lines[0].contains(notADir.toString()), lines[0]);
            assertEquals(0, canary.seen());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anAppThatNeverTouchesTheNetworkPaysForNothing(Path jdk, @TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("classes.log");
        ForkedJvm.Result r = new ForkedJvm(jdk)
                .agentArgs("queue=" + tmp.resolve("journal"))
                .jvmArg("-Xlog:class+load=info:file=" + log)
                .run(Idle.class.getName(), "300");
        assertEquals("ok", r.result("idle"), r.toString());
        assertEquals("", r.stderr, "silent");
        assertFalse(Files.exists(tmp.resolve("journal")), "no journal directory");
        String loaded = Files.readString(log);
        assertFalse(loaded.contains("] org.objectweb.asm."), "our ASM loads only with the first network class");
        assertFalse(loaded.contains("io.egressguard.agent.bootstrap.Gate "), "the gate is defined only when needed");
        assertFalse(loaded.contains("net.openhft."), "no Chronicle");
        assertFalse(loaded.contains("com.fasterxml.jackson."), "no Jackson");
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}
