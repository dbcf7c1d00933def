package io.egressguard.agent.hooks;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Registers the transformer, which weaves each hook target when it first loads; targets loaded
 * before the agent are retransformed by start-up. In a typical app none is loaded at premain, so
 * ASM, the gate and the agent's start-up all wait until the app first touches the network.
 */
public final class HookInstaller {
    private HookInstaller() {
    }

    /**
     * Registers the transformer. Returns true when a hook target is already loaded (another agent
     * or an attach came first): then start-up must run now and retransform it.
     */
    public static boolean install(Instrumentation inst, List<EntryHook> hooks, Consumer<String> warn, BooleanSupplier gateReady, Runnable firstUse) {
        HookTransformer transformer = new HookTransformer(hooks, warn, gateReady, firstUse);
        if (loadedTargets(inst, hooks).isEmpty()) {
            // Load-time weaving only. A retransform-capable transformer makes the JVM keep a copy of
            // every class file loaded from then on, which costs start-up and memory in every app.
            inst.addTransformer(transformer, false);
            return false;
        }
        inst.addTransformer(transformer, true);
        return true;
    }

    /** Retransforms the hook targets the JVM loaded before the transformer was registered. */
    public static void retransformLoaded(Instrumentation inst, List<EntryHook> hooks, Consumer<String> warn) {
        for (Class<?> c : loadedTargets(inst, hooks)) {
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                warn.accept("could not retransform " + c.getName() + ", its outbound calls are not checked: " + t);
            }
        }
    }

    private static List<Class<?>> loadedTargets(Instrumentation inst, List<EntryHook> hooks) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (HookTransformer.isJdkLoader(c.getClassLoader()) != isAppTarget(hooks, c.getName()) && isTarget(hooks, c.getName())) {
                loaded.add(c);
            }
        }
        return loaded;
    }

    private static boolean isAppTarget(List<EntryHook> hooks, String className) {
        for (EntryHook h : hooks) {
            if (h.className().equals(className)) {
                return h.isAppLoaded();
            }
        }
        return false;
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
     * Loads every hook target (cheap: they are JDK classes) and reports hooks whose method was not
     * found, which would mean this JDK changed the path and the backstop has a hole. A class this
     * runtime lacks altogether (java.net.http left out of a jlink image) is no hole: nothing can
     * call it.
     */
    public static List<EntryHook> unwoven(List<EntryHook> hooks) {
        List<EntryHook> missing = new ArrayList<>();
        for (EntryHook h : hooks) {
            if (h.isAppLoaded()) {
                continue; // a library the app may never load
            }
            try {
                // The platform loader also finds java.base classes (it delegates to the boot loader).
                Class.forName(h.className(), false, ClassLoader.getPlatformClassLoader());
            } catch (ClassNotFoundException e) {
                continue;
            }
            if (!h.woven()) {
                missing.add(h);
            }
        }
        return missing;
    }
}
