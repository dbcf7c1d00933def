package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * The words a message gives for a file problem. As root the permission case cannot be made for
 * real (CliTest.anUnreadableQueueDirectorySaysPermissionDenied is skipped), so it is checked here.
 */
class IoErrorsTest {
    @Test
    void aPermissionProblemSaysSoInsteadOfRepeatingThePath() {
        assertEquals("permission denied", IoErrors.reason(new AccessDeniedException("/var/lib/egressguard/queue")));
        assertEquals("no such file or directory", IoErrors.reason(new NoSuchFileException("/q")));
        assertEquals("Read-only file system", IoErrors.reason(new FileSystemException("/q", null, "Read-only file system")));
        assertEquals("disk on fire", IoErrors.reason(new java.io.IOException("disk on fire")));
    }
}
