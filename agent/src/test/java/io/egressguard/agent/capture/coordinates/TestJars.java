package io.egressguard.agent.capture.coordinates;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/** Jars made in a test: entries, an optional manifest, pom.properties, and jars nested stored (as Spring Boot keeps them). */
final class TestJars {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private Manifest manifest;

    static TestJars jar() {
        return new TestJars();
    }

    TestJars manifest(String... keyValues) {
        manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            manifest.getMainAttributes().putValue(keyValues[i], keyValues[i + 1]);
        }
        return this;
    }

    TestJars pom(String gav) {
        String[] p = gav.split(":");
        return entry("META-INF/maven/" + p[0] + "/" + p[1] + "/pom.properties",
                "groupId=" + p[0] + "\nartifactId=" + p[1] + "\nversion=" + p[2] + "\n");
    }

    /** Empty class files (their names are all that is read). */
    TestJars classes(String... names) {
        for (String n : names) {
            entries.put(n.replace('.', '/') + ".class", new byte[] {(byte) 0xca, (byte) 0xfe});
        }
        return this;
    }

    TestJars entry(String name, String text) {
        entries.put(name, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    TestJars entry(String name, byte[] bytes) {
        entries.put(name, bytes);
        return this;
    }

    byte[] bytes() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JarOutputStream out = manifest == null ? new JarOutputStream(buf) : new JarOutputStream(buf, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                JarEntry je = new JarEntry(e.getKey());
                if (e.getKey().endsWith(".jar")) { // nested jars are stored, as Spring Boot requires
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    je.setMethod(ZipEntry.STORED);
                    je.setSize(e.getValue().length);
                    je.setCrc(crc.getValue());
                }
                out.putNextEntry(je);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes());
        return file;
    }
}
