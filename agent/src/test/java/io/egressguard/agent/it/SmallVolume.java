package io.egressguard.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few MiB that the test mounts itself, so a journal can fill its file system without
 * touching any other. Needs root (CI runs as root); elsewhere the test is skipped with one line.
 */
final class SmallVolume implements AutoCloseable {
    private final Path dir;

    private SmallVolume(Path dir) {
        this.dir = dir;
    }

    static SmallVolume mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String problem = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString());
        Assumptions.assumeTrue(problem == null, "skipped: cannot mount a " + size + " tmpfs for a small-volume test (" + problem + ")");
        return new SmallVolume(dir);
    }

    Path dir() {
        return dir;
    }

    long usableBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String problem = run("umount", dir.toString());
        if (problem != null) {
            throw new IOException("cannot unmount the test's tmpfs at " + dir + ": " + problem);
        }
    }

    /** Null when the command succeeded, else what it said. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", cmd) + " did not finish";
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}
