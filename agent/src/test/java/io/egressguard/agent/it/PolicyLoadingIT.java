package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.agent.itapps.LocalAtStart;
import io.egressguard.policy.LocalNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A policy that cannot be loaded (a FIFO, which blocked the load forever; a 50 MB file, which ran the
 * agent out of memory) must not break the app: its loopback lookups, connects and server binds work
 * at once, a denied name is still refused, and one line says why.
 */
class PolicyLoadingIT {
    private static final String DENIED = "phone.example.test";
    /**
     * Each local call, measured in the app; the old agent took 10,000 ms and then refused. The first
     * call also pays for the JVM loading and weaving its network classes: 50-100 ms on an idle 2-core
     * machine, up to ~500 ms with other builds running.
     */
    private static final int AT_ONCE_MILLIS = 800;

    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aFifoAsThePolicyFailsClosedAtOnceAndLocalCallsWork(Path jdk, @TempDir Path tmp) throws Exception {
        Path fifo = tmp.resolve("policy.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        String line = runApp(jdk, tmp, fifo);
        assertEquals("egressguard: " + fifo + ":1: the policy file is a FIFO, socket or device, not a regular file;"
                + " point to a regular file (a symlink to one is fine) -- failing closed (only loopback, localhost and"
                + " this host's name allowed) until the policy loads", line);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aHugePolicyIsRefusedAtOnceAndLocalCallsWork(Path jdk, @TempDir Path tmp) throws Exception {
        // One 50 MB comment, as observed: the old agent ran out of memory after ~70 s loading it.
        Path huge = tmp.resolve("policy.yaml");
        byte[] mib = new byte[1 << 20];
        java.util.Arrays.fill(mib, (byte) 'a');
        try (java.io.OutputStream out = Files.newOutputStream(huge)) {
            out.write("rules: []\n# ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) {
                out.write(mib);
            }
            out.write('\n');
        }
        long size = Files.size(huge);
        String line = runApp(jdk, tmp, huge);
        assertEquals("egressguard: " + huge + ":1: the policy file is " + size + " bytes, over the 4 MiB limit (4194304 bytes);"
                + " refused; keep long host lists in domain list files (up to 32 MiB) -- failing closed (only loopback,"
                + " localhost and this host's name allowed) until the policy loads", line);
    }

    /**
     * Local destinations pass before the handler only when the policy leaves them alone: one that
     * denies a loopback address governs the app's very first connect.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void aPolicyThatDeniesALoopbackAddressGovernsTheFirstConnect(Path jdk, @TempDir Path tmp) throws Exception {
        Path policy = Policies.denyCanary(tmp);
        try (CanaryServer canary = new CanaryServer()) {
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + tmp.resolve("journal"))
                    .run(io.egressguard.agent.itapps.BackstopPaths.class.getName(), CanaryServer.ADDRESS,
                            String.valueOf(canary.port()), "socket");
            assertEquals("blocked", r.result("socket"), r.toString());
            assertEquals(0, canary.seen(), "the canary saw nothing");
            assertEquals("", r.agentStderr().trim());
        }
    }

    /** Runs LocalAtStart under the policy; returns the agent's one line. */
    private static String runApp(Path jdk, Path tmp, Path policy) throws Exception {
        String own = LocalNames.ownHostName();
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 " + own + "\n" + CanaryServer.ADDRESS + " " + DENIED + "\n");
        try (CanaryServer canary = new CanaryServer()) {
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + tmp.resolve("journal"))
                    .jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .timeout(120)
                    .run(LocalAtStart.class.getName(), own, DENIED, String.valueOf(canary.port()));
            assertEquals(0, r.exitCode, r.toString());
            for (String attempt : new String[] {"lookup:127.0.0.1", "lookup:localhost", "lookup:own", "bind:localhost",
                "connect:127.0.0.1", "connect:localhost", "connect:own"}) {
                assertEquals("ok", r.result(attempt), attempt + ": " + r);
                long millis = Long.parseLong(r.value("MILLIS " + attempt));
                assertTrue(millis < AT_ONCE_MILLIS, attempt + " took " + millis + " ms: " + r);
            }
            assertEquals("blocked-lookup", r.result("lookup:denied"), "failing closed refuses other names: " + r);
            assertTrue(r.message("lookup:denied").contains("fail-closed: " + policy), r.toString());
            assertEquals(0, canary.seen(), "the canary saw nothing");
            String[] lines = r.agentStderr().trim().split("\n");
            assertEquals(1, lines.length, "exactly one line: " + r.stderr);
            return lines[0];
        }
    }
}
