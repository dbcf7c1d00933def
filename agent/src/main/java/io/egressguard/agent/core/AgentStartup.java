package io.egressguard.agent.core;

import io.egressguard.agent.config.AgentConfig;
import io.egressguard.agent.hooks.EntryHook;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * The start-up thread's entry. It names no boot-loaded type itself: premain creates it before the
 * gate exists, and the verifier would load every type its methods assign. It defines the gate
 * first, then hands over to {@link AgentRuntime}.
 */
final class AgentStartup implements Runnable {
    private final AgentConfig config;
    private final Instrumentation inst;
    private final BootClasses boot;
    private final List<EntryHook> hooks;
    private final AgentLog log;

    AgentStartup(AgentConfig config, Instrumentation inst, BootClasses boot, List<EntryHook> hooks, AgentLog log) {
        this.config = config;
        this.inst = inst;
        this.boot = boot;
        this.hooks = hooks;
        this.log = log;
    }

    @Override
    public void run() {
        if (boot.getAsBoolean()) {
            new AgentRuntime(config, inst, hooks, log).start();
        }
        // else: said why; nothing is woven either, so the app runs unchecked rather than broken
    }
}
