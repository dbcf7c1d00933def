package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.egressguard.agent.itapps.RewritesItsPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17: an app must not be able to rewrite its own policy. The app runs as the unprivileged
 * user {@code nobody} (setpriv; the test needs root to arrange that and skips with one line
 * otherwise). A policy it cannot modify loads, and its attempt to rewrite it fails; a policy it
 * could modify, or a list file it could modify, is refused with one line, so the rewrite that
 * allows everything never takes effect. The canary on 127.0.0.2 sees nothing.
 */
class ProtectedPolicyIT {
    private static final String NAME = "telemetry.plane.so";
    private static final String POLICY = "rules:\n  - deny: " + CanaryServer.ADDRESS + "\n  - deny: \"" + NAME + "\"\n";

    static List<Path> jdks() {
        return Jdks.homes();
    }

    /** Root-owned, read-only to the app: loads; the app's rewrite is refused by the file system. */
    @ParameterizedTest
    @MethodSource("jdks")
    void aPolicyTheAppCannotModifyLoadsAndStays(Path jdk, @TempDir Path tmp) throws Exception {
        Run run = run(jdk, tmp, false, false);
        assertEquals("blocked", run.r.result("first-connect"), run.r::toString);
        assertEquals("denied", run.r.result("rewrite"), run.r::toString);
        assertEquals("blocked", run.r.result("second-connect"), run.r::toString);
        assertEquals("blocked-lookup", run.r.result("second-lookup"), run.r::toString);
        assertEquals("", run.r.agentStderr().trim(), run.r::toString);
        assertEquals(0, run.canaryConnections);
    }

    /** The app owns its policy file: refused at start (failing closed) and at every reload, so the rewrite opens nothing. */
    @ParameterizedTest
    @MethodSource("jdks")
    void aPolicyTheAppCouldModifyIsRefusedAndItsRewriteNeverLoads(Path jdk, @TempDir Path tmp) throws Exception {
        Run run = run(jdk, tmp, true, false);
        assertEquals("ok", run.r.result("rewrite"), run.r::toString);
        assertEquals("blocked-lookup", run.r.result("first-lookup"), "failing closed: " + run.r);
        assertEquals("blocked-lookup", run.r.result("second-lookup"), "the rewritten allow-all never loaded: " + run.r);
        List<String> lines = run.r.agentStderr().trim().lines().toList();
        assertTrue(lines.get(0).startsWith("egressguard: " + run.policy + ":1: it is writable by this JVM's user (uid 65534)"),
                run.r::toString);
        assertTrue(lines.get(0).contains("failing closed"), lines.get(0));
        assertTrue(lines.stream().allMatch(l -> l.contains("writable")), "every line says why: " + lines);
    }

    /** A variant: the policy is safe but a domain list it names sits in a directory the app can write. */
    @ParameterizedTest
    @MethodSource("jdks")
    void aListFileTheAppCouldReplaceIsRefusedToo(Path jdk, @TempDir Path tmp) throws Exception {
        Run run = run(jdk, tmp, false, true);
        assertEquals("blocked-lookup", run.r.result("first-lookup"), run.r::toString);
        assertTrue(run.r.agentStderr().contains("is writable by this JVM's user (uid 65534)"), run.r::toString);
        assertTrue(run.r.agentStderr().contains("failing closed"), run.r::toString);
        // (failing closed lets loopback through, the canary's address included: what a refused policy
        // would have denied there is not denied until a good one loads)
    }

    private record Run(ForkedJvm.Result r, Path policy, long canaryConnections) {
    }

    private Run run(Path jdk, Path tmp, boolean policyOwnedByApp, boolean listDirOwnedByApp) throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "skipped: running the app as another user needs root and setpriv");
        UserPrincipal nobody = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path policy = etc.resolve("policy.yaml");
        String text = POLICY;
        if (listDirOwnedByApp) {
            Path lists = Files.createDirectories(tmp.resolve("lists"));
            Files.writeString(lists.resolve("blocked-domains.txt"), "plane.so\n");
            Files.setOwner(lists, nobody);
            text += "lists:\n  - file: " + lists.resolve("blocked-domains.txt") + "\n    action: deny\n";
        }
        Files.writeString(policy, text);
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--r--"));
        if (policyOwnedByApp) {
            Files.setOwner(policy, nobody);
        }
        Path journal = Files.createDirectories(tmp.resolve("journal"));
        Files.setOwner(journal, nobody);
        try (CanaryServer canary = new CanaryServer()) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    jdk.resolve("bin/java").toString(), "-Xshare:auto",
                    "-javaagent:" + ForkedJvm.agentJar() + "=policy=" + policy + ",queue=" + journal,
                    "-cp", ForkedJvm.testClasses().toString(), RewritesItsPolicy.class.getName(),
                    policy.toString(), CanaryServer.ADDRESS, String.valueOf(canary.port()), NAME, "2000"));
            ForkedJvm.Result r = new ForkedJvm(jdk).workDir(tmp).timeout(60).exec(cmd);
            assertEquals(0, r.exitCode, r::toString);
            return new Run(r, policy, canary.connections());
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return false;
        }
    }
}
