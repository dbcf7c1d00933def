package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar exposes nothing to the app but its entry point: every dependency and our core
 * live under inst/ as .classdata, the gate under boot/, and no class file leaks at the root.
 */
class AgentJarIT {
    @Test
    void onlyTheEntryPointIsLoadableByTheApp() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            List<String> rootClasses = new ArrayList<>();
            List<String> boot = new ArrayList<>();
            int inst = 0;
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String n = entries.nextElement().getName();
                if (n.endsWith(".class")) {
                    rootClasses.add(n);
                } else if (n.startsWith("boot/") && n.endsWith(".classdata")) {
                    boot.add(n.substring(5, n.length() - 10).replace('/', '.'));
                } else if (n.startsWith("inst/") && n.endsWith(".classdata")) {
                    inst++;
                }
            }
            assertEquals(List.of("io/egressguard/agent/Premain.class", "io/egressguard/agent/loader/AgentClassLoader.class"),
                    rootClasses.stream().sorted().collect(java.util.stream.Collectors.toList()));
            assertEquals(new java.util.TreeSet<>(bootClassNames()), new java.util.TreeSet<>(boot),
                    "boot/ holds exactly the classes BootClasses injects");
            assertTrue(inst > 500, "dependencies packed under inst/: " + inst);
            assertNotNull(jar.getEntry("inst/com/fasterxml/jackson/databind/ObjectMapper.classdata"));
            assertNotNull(jar.getEntry("inst/net/openhft/chronicle/queue/ChronicleQueue.classdata"));
            assertNull(jar.getEntry("inst/net/openhft/chronicle/analytics/Analytics.classdata"), "no analytics jar");

            Manifest m = jar.getManifest();
            assertEquals("io.egressguard.agent.Premain", m.getMainAttributes().getValue("Premain-Class"));
            assertEquals("true", m.getMainAttributes().getValue("Can-Retransform-Classes"));
            assertNull(m.getMainAttributes().getValue("Boot-Class-Path"), "the boot class path stays untouched (CDS warning)");
        }
    }

    private static List<String> bootClassNames() throws Exception {
        java.lang.reflect.Field f = Class.forName("io.egressguard.agent.startup.BootClasses").getDeclaredField("NAMES");
        f.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) f.get(null);
        return names;
    }
}
