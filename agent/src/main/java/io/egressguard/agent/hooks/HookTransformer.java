package io.egressguard.agent.hooks;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Decides which classes get {@link EntryHook}s woven in; {@link Weaver} does the weaving. Kept
 * free of ASM types so that registering it in premain loads no ASM class.
 */
public final class HookTransformer implements ClassFileTransformer {
    private final List<EntryHook> hooks;
    /** Internal names of hook targets per side: a set lookup is all an unrelated class costs. */
    private final Set<String> jdkTargets = new HashSet<>();
    private final Set<String> appTargets = new HashSet<>();
    private final Consumer<String> warn;
    private final BooleanSupplier gateReady;
    private final Runnable firstUse;
    /**
     * JDK 17's legacy socket implementations, chosen with -Djdk.net.usePlainSocketImpl: they reach
     * the native code without the hooked Net.connect. Nothing is woven into them, but loading them
     * is network use all the same, so the agent activates and its self-test says the hooks are missed.
     */
    private static final Set<String> UNHOOKED_NETWORK = new HashSet<>(java.util.Arrays.asList(
            "java/net/PlainSocketImpl", "java/net/PlainDatagramSocketImpl", "java/net/AbstractPlainSocketImpl"));

    /**
     * @param gateReady makes sure the gate exists before code that calls it is woven; false: weave nothing
     * @param firstUse  told (on the loading thread) each time a target is woven: the app is about to use the network
     */
    public HookTransformer(List<EntryHook> hooks, Consumer<String> warn, BooleanSupplier gateReady, Runnable firstUse) {
        this.hooks = hooks;
        this.warn = warn;
        this.gateReady = gateReady;
        this.firstUse = firstUse;
        for (EntryHook h : hooks) {
            (h.isAppLoaded() ? appTargets : jdkTargets).add(h.owner());
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] classfile) {
        if (className != null && loader == null && UNHOOKED_NETWORK.contains(className)) {
            if (gateReady.getAsBoolean()) {
                firstUse.run();
            }
            return null;
        }
        if (className == null || !(isJdkLoader(loader) ? jdkTargets : appTargets).contains(className) || !gateReady.getAsBoolean()) {
            return null;
        }
        firstUse.run();
        try {
            return Weaver.weave(hooks, className, classfile);
        } catch (Throwable t) {
            warn.accept("could not weave " + className.replace('/', '.') + ", its outbound calls are not checked: " + t);
            return null;
        }
    }

    /**
     * Boot or platform loader: java.net.http (HttpClient) is a platform module. JDK hooks apply
     * only there, whatever class names an application loader defines; library hooks (OkHttp,
     * Netty) only in application loaders, by exact class name.
     */
    static boolean isJdkLoader(ClassLoader loader) {
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }
}
