package io.egressguard.agent.startup;

import io.egressguard.agent.engine.AgentLog;
import io.egressguard.agent.config.AgentConfig;
import io.egressguard.agent.config.Options;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.HookInstaller;
import io.egressguard.agent.instrumentation.Instrumentations;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.function.Supplier;
import java.util.jar.JarFile;

/**
 * The agent's start inside its isolated loader. On the JVM's main thread it only reads its options
 * and registers the hook transformer. Everything else (the gate, ASM, the policy, the journal)
 * starts when the app first loads a JDK network class, on a daemon thread, while the gate holds
 * early callers until it is ready: a JVM that never touches the network pays almost nothing.
 */
public final class AgentMain {
    static {
        ClassLoader loader = AgentMain.class.getClassLoader();
        if (loader instanceof Supplier) {
            @SuppressWarnings("unchecked")
            Object[] a = ((Supplier<Object[]>) loader).get();
            if (a != null) {
                start((String) a[0], (Instrumentation) a[1], (JarFile) a[2], (Boolean) a[3]);
            }
        }
    }

    private AgentMain() {
    }

    public static void start(String args, Instrumentation inst, JarFile jar, boolean attached) {
        AgentLog log = AgentLog.stderr();
        try {
            AgentConfig config = AgentConfig.resolve(args, System.getProperties(), System.getenv());
            if (JdkTools.isJdkTool(System.getProperties()) && !config.bool(Options.TOOLS)) {
                return;
            }
            if (!BootClasses.claim()) {
                return;
            }
            for (String w : config.warnings()) {
                log.warn(w);
            }
            BootClasses boot = new BootClasses(jar, inst, log);
            Instrumentations instrumentations = Instrumentations.all();
            List<EntryHook> hooks = instrumentations.hooks();
            StartOnce startup = new StartOnce(new AgentStartup(config, inst, boot, instrumentations, log));
            if (HookInstaller.install(inst, hooks, log, boot, startup)) {
                startup.run();
            }
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
