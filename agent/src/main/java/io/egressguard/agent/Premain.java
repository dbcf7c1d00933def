package io.egressguard.agent;

import io.egressguard.agent.loader.AgentClassLoader;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * The agent's entry point, loaded by the application class loader. It only opens the isolated
 * agent loader and hands over; everything else happens in {@code core.AgentMain}, which the app
 * can never see. Nothing here may throw: a failing premain aborts the JVM.
 */
public final class Premain {
    private Premain() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            URL location = Premain.class.getProtectionDomain().getCodeSource().getLocation();
            JarFile jar = new JarFile(new File(location.toURI()), false);
            AgentClassLoader loader = new AgentClassLoader(jar, location, ClassLoader.getPlatformClassLoader());
            // AgentMain's static initialiser takes the hand-off and starts the agent: no reflection.
            loader.handOff(new Object[] {args, inst, jar, attached});
            Class.forName("io.egressguard.agent.startup.AgentMain", true, loader);
        } catch (Throwable t) {
            Throwable cause = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
            System.err.println("egressguard: agent not started, the app runs unprotected: " + cause);
        }
    }
}
