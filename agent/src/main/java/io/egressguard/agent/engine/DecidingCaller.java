package io.egressguard.agent.engine;

import io.egressguard.policy.Caller;
import io.egressguard.policy.Dependency;
import java.net.InetAddress;

/**
 * The caller of one decision under a policy with from-rules. The policy asks it only when a
 * from-rule could decide the destination; only then is the stack walked ({@link Callers#find}),
 * once per decision however often it is asked.
 */
public final class DecidingCaller implements Caller {
    private final Callers callers;
    /** The object a hand-over remembered the caller's stack with, or null. */
    private final Object carrier;
    private final String host;
    private final InetAddress address;
    private boolean asked;
    private Dependency dependency;

    DecidingCaller(Callers callers, Object carrier, String host, InetAddress address) {
        this.callers = callers;
        this.carrier = carrier;
        this.host = host;
        this.address = address;
    }

    @Override
    public Dependency dependency() {
        if (!asked) {
            asked = true;
            dependency = callers.find(carrier, destination());
        }
        return dependency;
    }

    /** True when a from-rule made the policy ask: the decision depends on who calls. */
    public boolean asked() {
        return asked;
    }

    /** The host, else the address, as the attempt's threads all name it. */
    String destination() {
        return host != null ? host : address != null ? address.getHostAddress() : null;
    }
}
