package io.egressguard.agent.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PomPropertiesTest {
    private static Path jar(Path dir, String name, String... gavs) throws Exception {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String gav : gavs) {
                String[] p = gav.split(":");
                out.putNextEntry(new JarEntry("META-INF/maven/" + p[0] + "/" + p[1] + "/pom.properties"));
                OutputStream o = out;
                o.write(("groupId=" + p[0] + "\nartifactId=" + p[1] + "\nversion=" + p[2] + "\n").getBytes());
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void readsTheCoordinatesOfAPlainJar(@TempDir Path tmp) throws Exception {
        assertEquals("com.acme:telemetry-sdk:2.1.0", PomProperties.gavOf(jar(tmp, "telemetry-sdk-2.1.0.jar", "com.acme:telemetry-sdk:2.1.0")));
    }

    @Test
    void aShadedJarNamesItselfByItsFileName(@TempDir Path tmp) throws Exception {
        Path shaded = jar(tmp, "vendor-agent-1.0.jar", "com.squareup.okhttp3:okhttp:4.12.0", "com.vendor:vendor-agent:1.0", "com.vendor:vendor:1.0");
        assertEquals("com.vendor:vendor-agent:1.0", PomProperties.gavOf(shaded));
    }

    @Test
    void ambiguityClaimsNothing() {
        assertEquals("", PomProperties.pick(Arrays.asList("a:x:1", "b:y:2"), "app.jar"));
        assertEquals("a:x:1", PomProperties.pick(Arrays.asList("a:x:1"), "renamed.jar"));
    }

    @Test
    void directoriesAndMissingFilesHaveNone(@TempDir Path tmp) {
        assertEquals("", PomProperties.gavOf(tmp));
        assertEquals("", PomProperties.gavOf(tmp.resolve("missing.jar")));
    }
}
