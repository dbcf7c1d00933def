package io.egressguard.agent.capture.coordinates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class RepositoryLayoutTest {
    private static String of(String path) {
        Coordinates c = RepositoryLayout.of(Paths.get(path));
        return c == null ? null : c.toString();
    }

    @Test
    void aMavenRepositoryPathSpellsOutTheCoordinates() {
        assertEquals("pkg:maven/com.acme.sdk/acme-analytics@1.4.0-beta.1 (repository-path)",
                of("/home/u/.m2/repository/com/acme/sdk/acme-analytics/1.4.0-beta.1/acme-analytics-1.4.0-beta.1.jar"));
        assertEquals("pkg:maven/io.netty/netty-transport-native-epoll@4.1.100.Final?classifier=linux-x86_64 (repository-path)",
                of("/r/repository/io/netty/netty-transport-native-epoll/4.1.100.Final/netty-transport-native-epoll-4.1.100.Final-linux-x86_64.jar"));
    }

    @Test
    void aGradleCachePathToo() {
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0 (repository-path)",
                of("/home/u/.gradle/caches/modules-2/files-2.1/com.acme/acme-analytics/1.4.0/0f3c9a1b2c/acme-analytics-1.4.0.jar"));
        assertEquals("pkg:maven/com.acme/acme-analytics@1.4.0?classifier=all (repository-path)",
                of("/g/caches/modules-2/files-2.1/com.acme/acme-analytics/1.4.0/0f3c/acme-analytics-1.4.0-all.jar"));
    }

    @Test
    void aTimestampedSnapshotKeepsItsDirectorysVersion() {
        assertEquals("pkg:maven/com.acme/sdk@1.0-SNAPSHOT (repository-path)",
                of("/m/repository/com/acme/sdk/1.0-SNAPSHOT/sdk-1.0-20240102.030405-7.jar"));
    }

    @Test
    void aFileNameThatDisagreesWithTheLayoutIsNoEvidence() {
        assertNull(of("/m/repository/com/acme/sdk/1.0/sdk-1.1.jar"));
        assertNull(of("/m/repository/com/acme/sdk/1.0/other-1.0.jar"));
        assertNull(of("/g/modules-2/files-2.1/com.acme/sdk/1.0/abc/sdk-2.0.jar"));
    }

    @Test
    void aFlatDirectoryIsNoRepository() {
        assertNull(of("/app/lib/acme-analytics-1.4.0.jar"));
        assertNull(of("/repository/sdk/1.0/sdk-1.0.jar")); // no group between repository and the artifact
    }
}
