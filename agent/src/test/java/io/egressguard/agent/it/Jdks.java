package io.egressguard.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JDKs the forked-JVM tests run on: {@code egressguard.it.jdks} (comma-separated homes; the
 * build sets this JVM plus Temurin 25). A listed JDK that is missing fails the run rather than
 * silently testing less; set {@code -Degressguard.it.jdks=<home>} to choose deliberately.
 */
public final class Jdks {
    private Jdks() {
    }

    public static List<Path> homes() {
        String spec = System.getProperty("egressguard.it.jdks", System.getProperty("java.home"));
        Set<Path> homes = new LinkedHashSet<>();
        for (String s : spec.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            Path home = Paths.get(s.trim()).toAbsolutePath().normalize();
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalStateException("egressguard.it.jdks names " + home + ", which has no bin/java; install that JDK or change the property");
            }
            homes.add(home);
        }
        return new ArrayList<>(homes);
    }

    /** The feature version of a JDK home, from its release file. */
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
}
