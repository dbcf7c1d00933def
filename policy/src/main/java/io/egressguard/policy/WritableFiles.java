package io.egressguard.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Whether this process could modify a policy file: the file itself, the directory that holds it (a
 * file can be replaced there), and, for a symbolic link (a Kubernetes ConfigMap is links into a
 * timestamped directory), every link on the way and the directories they sit in. Asked with
 * {@code access(2)} through {@link Files#isWritable}, so groups, ACLs and read-only mounts count
 * as the kernel counts them. A policy the app can edit is a door the app can open: an attacker in
 * a dependency rewrote it and the reload let it through within two seconds.
 */
public final class WritableFiles {
    private static final int MAX_LINKS = 40;

    private WritableFiles() {
    }

    /** What makes {@code file} modifiable by this process, or null when nothing does. */
    public static String problem(Path file) {
        Path p = file.toAbsolutePath().normalize();
        for (int hop = 0; hop < MAX_LINKS; hop++) {
            Path dir = p.getParent();
            if (dir != null && Files.isWritable(dir)) {
                return "its directory " + dir + " is writable by this JVM's user" + uid();
            }
            if (!Files.isSymbolicLink(p)) {
                return Files.exists(p, LinkOption.NOFOLLOW_LINKS) && Files.isWritable(p)
                        ? "it is writable by this JVM's user" + uid() : null;
            }
            try {
                Path target = Files.readSymbolicLink(p);
                p = (dir == null ? target : dir.resolve(target)).toAbsolutePath().normalize();
            } catch (IOException e) {
                return null; // gone meanwhile: the load that follows says so
            }
        }
        return null;
    }

    /** Whether this process runs as root, which can modify any file on a writable file system. */
    public static boolean runningAsRoot() {
        Object uid = uidOrNull();
        return uid instanceof Integer && (Integer) uid == 0;
    }

    private static String uid() {
        Object uid = uidOrNull();
        return uid == null ? "" : " (uid " + uid + ")";
    }

    private static Object uidOrNull() {
        try {
            // the owner of /proc/self is the process's user (Linux); elsewhere nothing is said
            return Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
