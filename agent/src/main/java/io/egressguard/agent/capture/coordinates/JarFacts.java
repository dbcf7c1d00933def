package io.egressguard.agent.capture.coordinates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * What one pass over a jar tells about its identity: its pom.properties, its manifest and its main
 * package. A jar on disk is read through its central directory; a jar nested in another archive
 * (a fat jar's BOOT-INF/lib, a WAR's WEB-INF/lib) is streamed from its entry, never unpacked.
 */
final class JarFacts {
    /** {@code group:artifact:version} of each pom.properties. */
    final List<String> poms = new ArrayList<>();
    final MainPackage mainPackage = new MainPackage();
    Manifest manifest;

    private JarFacts() {
    }

    /** Throws when the file is not a readable jar. */
    static JarFacts of(Path jarPath) throws IOException {
        JarFacts f = new JarFacts();
        try (JarFile jar = new JarFile(jarPath.toFile(), false)) {
            f.manifest = jar.getManifest();
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (f.visit(e.getName())) {
                    try (InputStream in = jar.getInputStream(e)) {
                        f.pom(in);
                    }
                }
            }
        }
        return f;
    }

    /** The jar stored as {@code entry} in the archive {@code outer}; throws when there is none. */
    static JarFacts nested(Path outer, String entry) throws IOException {
        JarFacts f = new JarFacts();
        try (JarFile archive = new JarFile(outer.toFile(), false)) {
            ZipEntry inner = archive.getEntry(entry);
            if (inner == null) {
                throw new IOException("no " + entry + " in " + outer);
            }
            try (JarInputStream jar = new JarInputStream(archive.getInputStream(inner), false)) {
                f.manifest = jar.getManifest();
                for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                    if (f.visit(e.getName())) {
                        f.pom(jar);
                    }
                }
            }
        }
        return f;
    }

    /** Counts the entry; true when it is a pom.properties to read. */
    private boolean visit(String name) {
        mainPackage.add(name);
        return name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties");
    }

    private void pom(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        String g = p.getProperty("groupId");
        String a = p.getProperty("artifactId");
        String v = p.getProperty("version");
        if (g != null && a != null && v != null && !g.isEmpty() && !a.isEmpty() && !v.isEmpty()) {
            poms.add(g.trim() + ':' + a.trim() + ':' + v.trim());
        }
    }

    /** The Automatic-Module-Name, which by convention is the jar's root package, else the counted one. */
    String mainPackageName() {
        String module = manifest == null ? null : manifest.getMainAttributes().getValue("Automatic-Module-Name");
        return module != null && !module.trim().isEmpty() ? module.trim() : mainPackage.name();
    }
}
