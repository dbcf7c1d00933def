package io.egressguard.agent.core;

import io.egressguard.agent.config.AgentConfig;
import io.egressguard.agent.config.Options;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.HookInstaller;
import io.egressguard.agent.hooks.JdkHooks;
import io.egressguard.agent.journal.ChronicleModuleAccess;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The agent's start inside its isolated loader. On the JVM's main thread it does only what must
 * precede the app's first connect: module grants, the boot-loaded gate and the ASM hooks. The
 * policy, journal and everything else load on a daemon thread; the gate holds early callers until
 * they are ready.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void start(String args, Instrumentation inst, JarFile jar, boolean attached) {
        AgentLog log = AgentLog.stderr();
        try {
            AgentConfig config = AgentConfig.resolve(args, System.getProperties(), System.getenv());
            if (JdkTools.isJdkTool(System.getProperties()) && !config.bool(Options.TOOLS)) {
                return;
            }
            if (BootClasses.alreadyInstalled()) {
                return;
            }
            for (String w : config.warnings()) {
                log.warn(w);
            }
            ModuleAccess access = new ModuleAccess(AgentMain.class.getModule())
                    .export("java.base", "jdk.internal.misc")   // Unsafe.defineClass for the boot classes
                    .open("jdk.unsupported", "sun.misc");       // UnsafeWarning (JDK 24+)
            for (ChronicleModuleAccess.Grant g : ChronicleModuleAccess.required()) {
                if (g.open) {
                    access.open(g.module, g.pkg);
                } else {
                    access.export(g.module, g.pkg);
                }
            }
            access.grant(inst);
            BootClasses.inject(jar);
            List<EntryHook> hooks = JdkHooks.all();
            HookInstaller.install(inst, hooks, log::warn);
            Thread startup = new Thread(new AgentStartup(config, inst, hooks, log), "egressguard-init");
            startup.setDaemon(true);
            startup.start();
            if (config.bool(Options.VERBOSE)) {
                String policy = config.string(Options.POLICY);
                log.warn("active: policy " + (policy.isEmpty() ? "defaults" : policy) + ", mode " + config.string(Options.MODE)
                        + ", record " + config.string(Options.RECORD) + ", journals under " + config.path(Options.QUEUE, System.getProperties()));
            }
        } catch (Throwable t) {
            log.warn("agent not started, the app runs unprotected: " + t);
        }
    }
}
