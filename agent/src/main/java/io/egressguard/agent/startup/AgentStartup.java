package io.egressguard.agent.startup;

import io.egressguard.agent.engine.AgentLog;
import io.egressguard.agent.config.AgentConfig;
import io.egressguard.agent.instrumentation.Instrumentations;
import java.lang.instrument.Instrumentation;

/**
 * The start-up thread's entry. It names no boot-loaded type itself: premain creates it before the
 * gate exists, and the verifier would load every type its methods assign. It defines the gate
 * first, then hands over to {@link AgentRuntime}.
 */
final class AgentStartup implements Runnable {
    private final AgentConfig config;
    private final Instrumentation inst;
    private final BootClasses boot;
    private final Instrumentations instrumentations;
    private final AgentLog log;

    AgentStartup(AgentConfig config, Instrumentation inst, BootClasses boot, Instrumentations instrumentations, AgentLog log) {
        this.config = config;
        this.inst = inst;
        this.boot = boot;
        this.instrumentations = instrumentations;
        this.log = log;
    }

    @Override
    public void run() {
        if (boot.getAsBoolean()) {
            new AgentRuntime(config, inst, instrumentations, log).start();
        }
        // else: said why; nothing is woven either, so the app runs unchecked rather than broken
    }
}
