package io.egressguard.agent.journal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Chronicle registers its one JVM shutdown hook lazily, from static initialisers, the first time
 * it is used. Apps often make their blocked call just before they exit: the writer then starts
 * Chronicle while the JVM is already shutting down, {@code Runtime.addShutdownHook} throws, and
 * Chronicle's classes fail to initialise (the event is lost, and Chronicle's own threads print
 * stack traces). Registering that hook up front, when the journal opens, takes only Chronicle's
 * small PriorityHook class (not its heavy Jvm class), so start-up stays cheap.
 */
final class ChronicleShutdownHook {
    private static final String PRIORITY_HOOK = "net.openhft.chronicle.core.shutdown.PriorityHook";

    private ChronicleShutdownHook() {
    }

    /** Null when done (or already done), else what went wrong, for one warn line. */
    static String preRegister() {
        try {
            Class<?> type = Class.forName(PRIORITY_HOOK, true, ChronicleShutdownHook.class.getClassLoader());
            synchronized (type) { // PriorityHook's own static synchronized methods lock the class
                Field registered = type.getDeclaredField("registeredHook");
                registered.setAccessible(true);
                if (registered.get(null) != null) {
                    return null;
                }
                Constructor<?> make = type.getDeclaredConstructor();
                make.setAccessible(true);
                Object hook = make.newInstance();
                Method thread = type.getDeclaredMethod("shutdownThread");
                thread.setAccessible(true);
                registered.set(null, hook); // shutdownThread() reads the field, not its receiver
                try {
                    Runtime.getRuntime().addShutdownHook((Thread) thread.invoke(hook));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    registered.set(null, null);
                    throw e;
                }
                return null;
            }
        } catch (java.lang.reflect.InvocationTargetException e) {
            return describe(e.getCause() != null ? e.getCause() : e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return describe(e);
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof IllegalStateException) {
            return null; // the JVM is already exiting: no hook can be added, and none is needed
        }
        return "cannot prepare Chronicle's shutdown hook (" + t + "); an event made just before the JVM exits may be lost";
    }
}
