package io.egressguard.collector.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFileAndItsMissingParentsOwnerOnly() throws IOException {
        Path file = dir.resolve("a/b/events.db");

        OwnerOnlyFiles.createFile(file);

        assertEquals(OwnerOnlyFiles.FILE, Files.getPosixFilePermissions(file));
        assertEquals(OwnerOnlyFiles.DIR, Files.getPosixFilePermissions(dir.resolve("a")));
        assertEquals(OwnerOnlyFiles.DIR, Files.getPosixFilePermissions(dir.resolve("a/b")));
    }

    @Test
    void narrowsAnExistingWideFileAndKeepsItsContent() throws IOException {
        Path file = Files.writeString(dir.resolve("events.db"), "kept");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFiles.createFile(file);

        assertEquals(OwnerOnlyFiles.FILE, Files.getPosixFilePermissions(file));
        assertEquals("kept", Files.readString(file));
    }

    @Test
    void aFileThatIsNotThereIsNotAnErrorAndIsNotCreated() {
        // SQLite's -shm file goes when another process closes its last connection: restrict()
        // must take its absence as it finds it, at the read, not fail the store's open.
        Path shm = dir.resolve("events.db-shm");

        assertDoesNotThrow(() -> OwnerOnlyFiles.restrict(shm));
        assertFalse(Files.exists(shm));
    }
}
