package io.egressguard.agent.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the gate and the exception types in the boot loader, so that java.base, java.net.http
 * and every application loader resolve the same classes. It uses the JDK's internal Unsafe
 * (exported to the agent by {@link ModuleAccess}) rather than appendToBootstrapClassLoaderSearch,
 * which makes the JVM print a class-data-sharing warning into the app's output.
 */
final class BootClasses {
    static final String GATE = "io.egressguard.agent.bootstrap.Gate";

    /** In definition order: a class's boot-loaded dependencies come before it. */
    static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(
            "io.egressguard.agent.bootstrap.GateHandler",
            "io.egressguard.agent.bootstrap.BlockMessage",
            "io.egressguard.agent.bootstrap.EgressBlockedException",
            "io.egressguard.agent.bootstrap.EgressBlockedLookupException",
            "io.egressguard.agent.bootstrap.Gate$1",
            GATE));

    private BootClasses() {
    }

    /** True when another copy of this agent already installed itself into this JVM. */
    static boolean alreadyInstalled() {
        try {
            Class.forName(GATE, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static void inject(JarFile jar) throws ReflectiveOperationException, IOException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass",
                String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class);
        for (String name : NAMES) {
            byte[] bytes = read(jar, "boot/" + name.replace('.', '/') + ".classdata");
            define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
        }
    }

    private static byte[] read(JarFile jar, String entryName) throws IOException {
        JarEntry e = jar.getJarEntry(entryName);
        if (e == null) {
            throw new IOException("the agent jar lacks " + entryName + "; rebuild it");
        }
        try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
        }
    }
}
