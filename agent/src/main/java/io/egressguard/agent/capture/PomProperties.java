package io.egressguard.agent.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Reads Maven coordinates from the {@code META-INF/maven/.../pom.properties} Maven puts in jars. */
final class PomProperties {
    private PomProperties() {
    }

    /** {@code group:artifact:version}, or "" when the jar has none (or is not a jar). */
    static String gavOf(Path jarPath) {
        if (!Files.isRegularFile(jarPath)) {
            return "";
        }
        try (JarFile jar = new JarFile(jarPath.toFile(), false)) {
            List<String> found = new ArrayList<>();
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String n = e.getName();
                if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties")) {
                    String gav = read(jar, e);
                    if (gav != null) {
                        found.add(gav);
                    }
                }
            }
            return pick(found, jarPath.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * A shaded jar carries the pom.properties of everything it swallowed: prefer the one whose
     * artifact id the file name starts with, then a sole entry; otherwise claim nothing.
     */
    static String pick(List<String> gavs, String fileName) {
        String best = null;
        for (String gav : gavs) {
            String artifact = gav.split(":")[1];
            if (fileName.startsWith(artifact + "-") || fileName.equals(artifact + ".jar")) {
                if (best == null || artifact.length() > best.split(":")[1].length()) {
                    best = gav;
                }
            }
        }
        if (best != null) {
            return best;
        }
        return gavs.size() == 1 ? gavs.get(0) : "";
    }

    private static String read(JarFile jar, JarEntry e) throws IOException {
        Properties p = new Properties();
        try (InputStream in = jar.getInputStream(e)) {
            p.load(in);
        }
        String g = p.getProperty("groupId");
        String a = p.getProperty("artifactId");
        String v = p.getProperty("version");
        return g == null || a == null || v == null ? null : g + ":" + a + ":" + v;
    }
}
