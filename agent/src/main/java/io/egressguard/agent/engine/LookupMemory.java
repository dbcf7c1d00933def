package io.egressguard.agent.engine;

import io.egressguard.event.Action;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, briefly, which destinations (names, or IP literals) a higher-level hook already
 * recorded with which action: the lookup hook, and the HTTP hooks, which record the request before
 * the client looks the name up and connects. The lookup and connect that follow (possibly on
 * another thread, as HttpClient does) are then not recorded again: one attempt, one record.
 */
public final class LookupMemory {
    private static final long TTL_NANOS = 5_000_000_000L;
    private static final int MAX_ENTRIES = 4096;

    private final Map<String, Remembered> byHost = new ConcurrentHashMap<>();

    /** The lookup hook recorded {@code host}: its connects are not recorded again. */
    public void remember(String host, Action action, long nowNanos) {
        put(host, new Remembered(action, nowNanos, false));
    }

    /** An HTTP hook recorded a request to {@code host}: neither its lookup nor its connect is recorded again. */
    public void rememberRequest(String host, Action action, long nowNanos) {
        put(host, new Remembered(action, nowNanos, true));
    }

    private void put(String host, Remembered r) {
        if (byHost.size() >= MAX_ENTRIES) {
            byHost.clear();
        }
        byHost.put(host.toLowerCase(java.util.Locale.ROOT), r);
    }

    /** For a connect: did the lookup or an HTTP hook record this attempt already? */
    public boolean recordedRecently(String host, Action action, long nowNanos) {
        Remembered r = byHost.get(host.toLowerCase(java.util.Locale.ROOT));
        return r != null && r.action == action && nowNanos - r.at < TTL_NANOS;
    }

    /**
     * For a lookup: did an HTTP hook record this attempt already? Only a request counts: repeated
     * lookups stay separate attempts (the repeat folder counts them).
     */
    public boolean requestRecordedRecently(String host, Action action, long nowNanos) {
        Remembered r = byHost.get(host.toLowerCase(java.util.Locale.ROOT));
        return r != null && r.request && r.action == action && nowNanos - r.at < TTL_NANOS;
    }

    private static final class Remembered {
        final Action action;
        final long at;
        final boolean request;

        Remembered(Action action, long at, boolean request) {
            this.action = action;
            this.at = at;
            this.request = request;
        }
    }
}
