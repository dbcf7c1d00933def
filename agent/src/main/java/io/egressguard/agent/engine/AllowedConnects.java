package io.egressguard.agent.engine;

import io.egressguard.policy.Policy;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names whose latest connect (on a port) a policy let through without a record. A request to
 * such a name most likely reuses that connection, or connects to the same address again and is let
 * through again: HttpClient's send then need not walk its caller's stack up front for a connect
 * that will not be recorded (the walk would be the agent's whole cost on a kept-alive request). A
 * name whose connect was recorded is forgotten, so the next request to it walks the stack again.
 */
public final class AllowedConnects {
    private static final int MAX_NAMES = 4096;

    private final Map<String, Allowed> byName = new ConcurrentHashMap<>();

    /** A connect to an address resolved from {@code host} was let through, unrecorded, by {@code policy}. */
    void allowed(String host, int port, Policy policy) {
        String key = host.toLowerCase(Locale.ROOT);
        Allowed known = byName.get(key);
        if (known != null && known.policy == policy && known.port == port) {
            return; // the usual case: no write
        }
        if (byName.size() >= MAX_NAMES) {
            byName.clear();
        }
        byName.put(key, new Allowed(policy, port));
    }

    /** A connect to an address resolved from {@code host} was recorded. */
    void recorded(String host) {
        if (!byName.isEmpty()) {
            byName.remove(host.toLowerCase(Locale.ROOT));
        }
    }

    /** Was the latest connect to {@code host} on {@code port} let through, unrecorded, by this same policy? */
    boolean lastAllowed(String host, int port, Policy policy) {
        Allowed known = byName.get(host.toLowerCase(Locale.ROOT));
        return known != null && known.policy == policy && known.port == port;
    }

    private static final class Allowed {
        final Policy policy;
        final int port;

        Allowed(Policy policy, int port) {
            this.policy = policy;
            this.port = port;
        }
    }
}
