package io.egressguard.agent.journal;

import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * One directory per JVM under the shared queue parent, {@code <hostname>-<pid>-<jvmStartMillis>},
 * owner-only (0700, files 0600) because events carry request headers and payload previews. Holds
 * {@code jvm.json} (the JvmInfo) so the collector knows whose journal it is.
 */
final class JournalDirectory {
    static final String JVM_FILE = "jvm.json";
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private JournalDirectory() {
    }

    /** Hostname characters other than [A-Za-z0-9._-] become "_"; pid and start time are the last two
     *  "-"-separated fields, so the name parses from the right whatever the hostname holds. */
    static String name(JvmInfo jvm) {
        String host = jvm.hostname == null || jvm.hostname.isEmpty() ? "unknown" : jvm.hostname;
        StringBuilder safe = new StringBuilder(host.length());
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            safe.append(ok ? c : '_');
        }
        return safe + "-" + jvm.pid + "-" + jvm.startTime;
    }

    /** Creates the parent (0700 when missing) and this JVM's directory (0700), sets {@code jvm.journal}
     *  and writes jvm.json (0600). Throws with the cause; the caller names the directory. */
    static Path create(Path parent, JvmInfo jvm) throws IOException {
        boolean posix = isPosix(parent);
        if (!Files.isDirectory(parent)) {
            if (posix) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(DIR));
            } else {
                Files.createDirectories(parent);
            }
        }
        jvm.journal = name(jvm);
        Path dir = parent.resolve(jvm.journal);
        try {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
                Files.setPosixFilePermissions(dir, DIR); // in case the umask took more than group/other
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            // this JVM opened its journal before (a second open): reuse, tighten it again
            ownerOnly(dir);
        }
        writeJvmFile(dir, jvm);
        return dir;
    }

    private static void writeJvmFile(Path dir, JvmInfo jvm) throws IOException {
        Path tmp = dir.resolve(JVM_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        FileAttribute<?>[] attrs = ownerOnlyAttributes(dir);
        byte[] json = JvmInfoJson.encode(jvm);
        try (SeekableByteChannel out = Files.newByteChannel(tmp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
            ByteBuffer buffer = ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
        // a reader never sees a half-written jvm.json
        Files.move(tmp, dir.resolve(JVM_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The attributes that create a file 0600 from the start (none where the file system has no POSIX modes). */
    static FileAttribute<?>[] ownerOnlyAttributes(Path dir) {
        return isPosix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Creates an empty file 0600 unless it exists. For a file another library creates with the umask's
     * mode and only then hands back: made first, it keeps this mode, and no exit in between (Chronicle
     * opens on its own thread, which the JVM's exit does not wait for) leaves it readable by others.
     */
    static void createOwnerOnly(Path file) {
        try {
            Files.createFile(file, ownerOnlyAttributes(file.getParent()));
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            ownerOnly(file);
        } catch (IOException | RuntimeException ignored) {
            // best effort, see ownerOnlyFiles
        }
    }

    /** Sets 0600 on every regular file in the directory that has more (0700 for subdirectories). */
    static void ownerOnlyFiles(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                ownerOnly(file);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the directory itself is 0700, so nobody else can reach the files anyway
        }
    }

    static void ownerOnly(Path path) {
        try {
            if (!isPosix(path)) {
                return;
            }
            Set<PosixFilePermission> want = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIR : FILE;
            if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(want)) {
                Files.setPosixFilePermissions(path, want);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort, see ownerOnlyFiles
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
