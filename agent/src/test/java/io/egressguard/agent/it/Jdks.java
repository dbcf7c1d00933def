package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDKs the forked-JVM tests run on: the homes listed in the system property
 * {@value #PROPERTY} (comma separated). The build sets it for the unit and the integration tests
 * (the root pom: this JVM plus Temurin 25); run outside Maven without it, only this JVM is used.
 *
 * <p>A listed JDK that is missing is not skipped: every test that forks it fails with one line
 * naming it and the property to change ({@link #require}, called by {@link ForkedJvm}). The agent
 * must be proven on each; a silent skip would halve the coverage.
 */
public final class Jdks {
    public static final String PROPERTY = "egressguard.it.jdks";

    private Jdks() {
    }

    /** The listed homes, each once (a home reached by two paths counts once), present or not. */
    public static List<Path> homes() {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) {
            spec = System.getProperty("java.home");
        }
        Map<Path, Path> byRealPath = new LinkedHashMap<>();
        for (String s : spec.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            Path home = Paths.get(s.trim()).toAbsolutePath().normalize();
            byRealPath.putIfAbsent(realPath(home), home);
        }
        return new ArrayList<>(byRealPath.values());
    }

    /** {@code home} when it has a bin/java; else fails the calling test, saying which JDK and how to point at another. */
    public static Path require(Path home) {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            fail("JDK missing: " + home + " has no bin/java; install it there, or list the JDK homes to test on with -D"
                    + PROPERTY + "=<jdk-17-home>,<jdk-25-home>");
        }
        return home;
    }

    /** The feature version of a JDK home, from its release file; -1 when it has none. */
    public static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (Exception e) {
            // fall through
        }
        return -1;
    }

    private static Path realPath(Path home) {
        try {
            return home.toRealPath();
        } catch (IOException e) {
            return home; // missing: require() fails the tests that fork it
        }
    }
}
