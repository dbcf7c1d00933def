package io.egressguard.agent.core;

import io.egressguard.policy.Policy;

/** The policy in force; replaced atomically when the file changes. */
final class PolicyHolder {
    private volatile Policy current;

    PolicyHolder(Policy initial) {
        this.current = initial;
    }

    Policy get() {
        return current;
    }

    void set(Policy next) {
        current = next;
    }
}
