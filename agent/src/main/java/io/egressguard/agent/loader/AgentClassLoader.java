package io.egressguard.agent.loader;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.function.Supplier;
import java.util.jar.JarFile;

/**
 * Loads the agent core and its dependencies from the agent jar's {@code inst/} prefix, where they
 * are stored as {@code .classdata} so no application loader can load them. Its parent is the
 * platform loader: the app's own Jackson, Chronicle or Byte Buddy never mix with ours, and the
 * boot-injected gate is still visible. Multi-release entries of the dependencies are honoured.
 */
public final class AgentClassLoader extends ClassLoader implements Supplier<Object[]> {
    static final String PREFIX = "inst/";
    private static final String CLASS_SUFFIX = ".classdata";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private volatile Object[] handoff;
    private final String jarUrl;
    private final ProtectionDomain domain;
    /** Multi-release version folders present in the jar that this JVM may use, newest first. */
    private final String[] versionPrefixes;

    public AgentClassLoader(JarFile jar, URL jarLocation, ClassLoader parent) {
        super("egressguard", parent);
        this.jar = jar;
        this.jarUrl = "jar:" + jarLocation.toExternalForm() + "!/";
        this.domain = new ProtectionDomain(new CodeSource(jarLocation, (Certificate[]) null), null, this, null);
        this.versionPrefixes = versionPrefixes(jar, Runtime.version().feature());
    }

    private static String[] versionPrefixes(JarFile jar, int feature) {
        List<String> found = new ArrayList<>();
        for (int v = feature; v >= 9; v--) {
            String prefix = PREFIX + "META-INF/versions/" + v + "/";
            if (jar.getEntry(prefix) != null) {
                found.add(prefix);
            }
        }
        return found.toArray(new String[0]);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/') + CLASS_SUFFIX;
        JarEntry entry = entry(path);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " (agent jar unreadable: " + e.getMessage() + ")", e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    private JarEntry entry(String path) {
        for (String versioned : versionPrefixes) {
            JarEntry e = jar.getJarEntry(versioned + path);
            if (e != null) {
                return e;
            }
        }
        return jar.getJarEntry(PREFIX + path);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            String pkg = className.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException raced) {
                    // Another thread defined it first: fine.
                }
            }
        }
    }

    @Override
    protected URL findResource(String name) {
        JarEntry e = entry(name);
        if (e == null) {
            return null;
        }
        try {
            return new URL(jarUrl + e.getName());
        } catch (MalformedURLException ex) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }

    /** What premain hands the agent core: its arguments, the Instrumentation, the jar, attached or not. */
    public void handOff(Object[] startArguments) {
        this.handoff = startArguments;
    }

    /**
     * The core's entry reads its start arguments here, through a JDK interface, because calling into
     * the isolated loader by reflection spins method handles that cost tens of milliseconds of
     * start-up on JDK 18+. Taken once.
     */
    @Override
    public Object[] get() {
        Object[] a = handoff;
        handoff = null;
        return a;
    }

    public JarFile jar() {
        return jar;
    }
}
