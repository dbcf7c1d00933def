package io.egressguard.agent.capture.coordinates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ArtifactFileNameTest {
    private static String read(String fileName) {
        ArtifactFileName n = ArtifactFileName.parse(fileName);
        return n == null ? null : n.artifact + " | " + n.version + " | " + n.classifier;
    }

    @Test
    void theVersionStartsAtTheFirstDashBeforeADigit() {
        assertEquals("acme-analytics | 1.4.0 | null", read("acme-analytics-1.4.0.jar"));
        assertEquals("bcprov-jdk18on | 1.78 | null", read("bcprov-jdk18on-1.78.jar"));
        assertEquals("okhttp | 4.12.0 | null", read("okhttp-4.12.0.jar"));
    }

    @Test
    void preReleaseAndBuildSuffixesStayInTheVersion() {
        assertEquals("sdk | 1.2.3-beta.1 | null", read("sdk-1.2.3-beta.1.jar"));
        assertEquals("sdk | 2.0.0-SNAPSHOT | null", read("sdk-2.0.0-SNAPSHOT.jar"));
        assertEquals("sdk | 1.0-rc-2 | null", read("sdk-1.0-rc-2.jar"));
        assertEquals("netty-handler | 4.1.100.Final | null", read("netty-handler-4.1.100.Final.jar"));
    }

    @Test
    void aKnownClassifierEndsTheVersion() {
        assertEquals("sdk | 1.2.3-beta.1 | all", read("sdk-1.2.3-beta.1-all.jar"));
        assertEquals("sdk | 1.0 | sources", read("sdk-1.0-sources.jar"));
        assertEquals("netty-transport-native-epoll | 4.1.100.Final | linux-x86_64", read("netty-transport-native-epoll-4.1.100.Final-linux-x86_64.jar"));
        assertEquals("netty-tcnative-boringssl-static | 2.0.61.Final | osx-aarch_64", read("netty-tcnative-boringssl-static-2.0.61.Final-osx-aarch_64.jar"));
        assertEquals("guava | 33.0 | jdk8", read("guava-33.0-jdk8.jar"));
    }

    @Test
    void aNameWithoutAVersionIsNone() {
        assertNull(read("app.jar"));
        assertNull(read("my-app.jar"));
        assertNull(read("sdk-1.0.zip"));
        assertNull(read("-1.0.jar"));
    }

    @Test
    void aRepositoryNamedFileHasAnyTailAsClassifier() {
        assertEquals("", ArtifactFileName.classifierIn("a-1.0.jar", "a", "1.0"));
        assertEquals("custom-thing", ArtifactFileName.classifierIn("a-1.0-custom-thing.jar", "a", "1.0"));
        assertNull(ArtifactFileName.classifierIn("a-1.0.1.jar", "a", "1.0"));
        assertNull(ArtifactFileName.classifierIn("b-1.0.jar", "a", "1.0"));
    }
}
