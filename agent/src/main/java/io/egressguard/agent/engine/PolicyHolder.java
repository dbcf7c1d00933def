package io.egressguard.agent.engine;

import io.egressguard.policy.Policy;

/** The policy in force; replaced atomically when the file changes. */
public final class PolicyHolder {
    private volatile Policy current;

    public PolicyHolder(Policy initial) {
        this.current = initial;
    }

    public Policy get() {
        return current;
    }

    public void set(Policy next) {
        current = next;
    }
}
