package io.egressguard.collector.store;

import io.egressguard.collector.CollectorException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Events hold hosts, stacks and payload previews: the files that keep them are readable by their
 * owner only. Files are created with that mode up front, never created wide and narrowed later.
 */
public final class OwnerOnlyFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    /** Creates {@code file} (and missing parent directories) owner-only unless it already exists. */
    public static void createFile(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix(parent.getRoot())) {
                    Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(DIR));
                } else {
                    Files.createDirectories(parent);
                }
            }
            if (posix(parent)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // an existing store keeps its file; restrict() below still narrows it
        } catch (IOException e) {
            throw new CollectorException("cannot create " + file + ": " + e.getMessage(), e);
        }
        restrict(file);
    }

    /**
     * Removes group and other access from an existing file; a missing file is fine. Missing is
     * learnt from the failed read, not asked first: SQLite deletes a database's -shm file when
     * another process closes its last connection, and it may go between a check and the chmod.
     */
    public static void restrict(Path file) {
        try {
            if (posix(file) && !Files.getPosixFilePermissions(file).equals(FILE)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (NoSuchFileException e) {
            // gone, or never there: nothing of it is left to be read
        } catch (IOException e) {
            throw new CollectorException("cannot make " + file + " owner-only: " + e.getMessage(), e);
        }
    }

    private static boolean posix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
