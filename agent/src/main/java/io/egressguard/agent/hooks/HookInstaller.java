package io.egressguard.agent.hooks;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Registers the transformer and retransforms hook targets the JVM loaded before the agent started;
 * the others are woven when they first load.
 */
public final class HookInstaller {
    private HookInstaller() {
    }

    public static void install(Instrumentation inst, List<EntryHook> hooks, Consumer<String> warn) {
        inst.addTransformer(new HookTransformer(hooks, warn), true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && isTarget(hooks, c.getName())) {
                loaded.add(c);
            }
        }
        for (Class<?> c : loaded) {
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                warn.accept("could not retransform " + c.getName() + ", its outbound calls are not checked: " + t);
            }
        }
    }

    private static boolean isTarget(List<EntryHook> hooks, String className) {
        for (EntryHook h : hooks) {
            if (h.className().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Loads every hook target (cheap: they are core JDK classes) and reports hooks whose method was
     * not found, which would mean this JDK changed the path and the backstop has a hole.
     */
    public static List<EntryHook> unwoven(List<EntryHook> hooks) {
        List<EntryHook> missing = new ArrayList<>();
        for (EntryHook h : hooks) {
            try {
                Class.forName(h.className(), false, null);
            } catch (ClassNotFoundException e) {
                // Reported below as not woven.
            }
            if (!h.woven()) {
                missing.add(h);
            }
        }
        return missing;
    }
}
