package io.egressguard.agent.startup;

import io.egressguard.agent.engine.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the gate and the exception types in the boot loader, so that java.base, java.net.http
 * and every application loader resolve the same classes. It uses the JDK's internal Unsafe
 * ({@link BootDefiner}) rather than appendToBootstrapClassLoaderSearch,
 * which makes the JVM print a class-data-sharing warning into the app's output.
 */
final class BootClasses implements BooleanSupplier {
    static final String GATE = "io.egressguard.agent.bootstrap.Gate";
    /** Set in premain by the first copy of the agent; a second copy (loaded twice) backs off. */
    static final String ACTIVE_PROPERTY = "egressguard.agent.active";

    /** In definition order: a class's boot-loaded dependencies come before it. */
    static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(
            "io.egressguard.agent.bootstrap.GateHandler",
            "io.egressguard.agent.bootstrap.BlockMessage",
            "io.egressguard.agent.bootstrap.EgressBlockedException",
            "io.egressguard.agent.bootstrap.EgressBlockedLookupException",
            "io.egressguard.agent.bootstrap.Gate$1",
            GATE));

    private final JarFile jar;
    private final Instrumentation inst;
    private final AgentLog log;
    private Boolean injected;

    BootClasses(JarFile jar, Instrumentation inst, AgentLog log) {
        this.jar = jar;
        this.inst = inst;
        this.log = log;
    }

    /**
     * Claims this JVM for this copy of the agent; false when another copy got there first. A system
     * property, because the gate itself is defined lazily and cannot serve as the marker.
     */
    static boolean claim() {
        synchronized (System.getProperties()) {
            if (System.getProperty(ACTIVE_PROPERTY) != null) {
                return false;
            }
            System.setProperty(ACTIVE_PROPERTY, "true");
            return true;
        }
    }

    /**
     * Defines the boot classes on first call; true once they exist. Called by the hook transformer
     * before it weaves the first JDK class (woven code links to the gate when it first runs) and by
     * start-up, so a JVM that never loads a network class never pays for it.
     */
    @Override
    public synchronized boolean getAsBoolean() {
        if (injected == null) {
            try {
                new ModuleAccess(BootClasses.class.getModule()).export("java.base", "jdk.internal.misc").grant(inst); // BootDefiner
                inject(jar);
                injected = Boolean.TRUE;
            } catch (Throwable t) {
                injected = Boolean.FALSE;
                log.warn("cannot define the gate in the boot loader, no outbound call is checked: " + t);
            }
        }
        return injected;
    }

    private static void inject(JarFile jar) throws Exception {
        List<byte[]> classFiles = new ArrayList<>();
        for (String name : NAMES) {
            classFiles.add(read(jar, "boot/" + name.replace('.', '/') + ".classdata"));
        }
        BootDefiner.define(NAMES, classFiles);
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
