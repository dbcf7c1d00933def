package io.egressguard.agent.core;

import io.egressguard.event.Action;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, briefly, which names the lookup hook already recorded, so that the connect that
 * follows the lookup (possibly on another thread, as HttpClient does) is not recorded again:
 * one attempt, one record.
 */
final class LookupMemory {
    private static final long TTL_NANOS = 5_000_000_000L;
    private static final int MAX_ENTRIES = 4096;

    private final Map<String, Remembered> byHost = new ConcurrentHashMap<>();

    void remember(String host, Action action, long nowNanos) {
        if (byHost.size() >= MAX_ENTRIES) {
            byHost.clear();
        }
        byHost.put(host.toLowerCase(java.util.Locale.ROOT), new Remembered(action, nowNanos));
    }

    boolean recordedRecently(String host, Action action, long nowNanos) {
        Remembered r = byHost.get(host.toLowerCase(java.util.Locale.ROOT));
        return r != null && r.action == action && nowNanos - r.at < TTL_NANOS;
    }

    private static final class Remembered {
        final Action action;
        final long at;

        Remembered(Action action, long at) {
            this.action = action;
            this.at = at;
        }
    }
}
