package io.egressguard.agent.core;

import io.egressguard.agent.bootstrap.Gate;
import io.egressguard.agent.policy.LocalNames;

/**
 * What the gate is told right after it is defined, before woven code can call it. A class of its own
 * so that {@link BootClasses}, loaded before the gate exists, never names it.
 */
final class GateSetup {
    private GateSetup() {
    }

    /** This host's name, so that it resolves at once while start-up is still loading the policy. */
    static void afterDefinition() {
        Gate.ownHostName(LocalNames.ownHostName());
    }
}
