package io.egressguard.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes policy files for forked-JVM tests. */
public final class Policies {
    private Policies() {
    }

    /** A YAML policy denying the canary address, on top of the defaults. */
    public static Path denyCanary(Path dir) throws IOException {
        return write(dir.resolve("policy.yaml"), "rules:\n  - deny: " + CanaryServer.ADDRESS + "\n    severity: high\n    name: canary\n");
    }

    public static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        // Write to a temp file and move, so a watching agent never reads a half-written policy.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
