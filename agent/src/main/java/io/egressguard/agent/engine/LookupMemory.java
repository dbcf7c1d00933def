package io.egressguard.agent.engine;

import java.lang.ref.WeakReference;
import java.util.function.BooleanSupplier;

import io.egressguard.event.Action;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, briefly, which destinations (names, or IP literals) a higher-level hook already
 * recorded with which action: the lookup hook, and the HTTP hooks, which record the request before
 * the client looks the name up and connects. The lookup and connect that follow (possibly on
 * another thread, as HttpClient does) are then not recorded again: one attempt, one record.
 *
 * <p>Only the attempt's own lookup and connect may be taken for it: those on the thread that
 * recorded it, or on a library's worker, whose stack holds no app code. Another caller's attempt to the same host is its
 * own attempt: keyed by host alone, this memory once folded other threads' and other APIs' refused
 * attempts within 5 s into the first record, and they were missing from the journal.
 */
public final class LookupMemory {
    private static final long TTL_NANOS = 5_000_000_000L;
    private static final int MAX_ENTRIES = 4096;

    private final Map<String, Remembered> byHost = new ConcurrentHashMap<>();

    /** The lookup hook recorded {@code host}: its connects are not recorded again. */
    public void remember(String host, Action action, long nowNanos) {
        put(host, new Remembered(action, nowNanos, false, Thread.currentThread()));
    }

    /** An HTTP hook recorded a request to {@code host}: neither its lookup nor its connect is recorded again. */
    public void rememberRequest(String host, Action action, long nowNanos) {
        put(host, new Remembered(action, nowNanos, true, Thread.currentThread()));
    }

    private void put(String host, Remembered r) {
        if (byHost.size() >= MAX_ENTRIES) {
            byHost.clear();
        }
        byHost.put(host.toLowerCase(java.util.Locale.ROOT), r);
    }

    /**
     * For a connect: did the lookup or an HTTP hook record this attempt already?
     *
     * @param isWorker asked only when another thread recorded it: whether this thread is a library's worker
     */
    public boolean recordedRecently(String host, Action action, long nowNanos, BooleanSupplier isWorker) {
        Remembered r = byHost.get(host.toLowerCase(java.util.Locale.ROOT));
        return r != null && r.action == action && nowNanos - r.at < TTL_NANOS && r.continuedHere(isWorker);
    }

    /**
     * For a lookup: did an HTTP hook record this attempt already? Only a request counts: repeated
     * lookups stay separate attempts (the repeat folder counts them).
     */
    public boolean requestRecordedRecently(String host, Action action, long nowNanos, BooleanSupplier isWorker) {
        Remembered r = byHost.get(host.toLowerCase(java.util.Locale.ROOT));
        return r != null && r.request && r.action == action && nowNanos - r.at < TTL_NANOS && r.continuedHere(isWorker);
    }

    private static final class Remembered {
        final Action action;
        final long at;
        final boolean request;
        /** Weakly: a finished thread must not stay reachable through a 5-second memory. */
        final WeakReference<Thread> owner;

        Remembered(Action action, long at, boolean request, Thread owner) {
            this.action = action;
            this.at = at;
            this.request = request;
            this.owner = new WeakReference<>(owner);
        }

        /**
         * Whether a lookup or connect on this thread continues the remembered attempt: on its own
         * thread (some clients still resolve after their request was refused), or on a worker
         * carrying it on; never on another app thread.
         */
        boolean continuedHere(BooleanSupplier isWorker) {
            return owner.get() == Thread.currentThread() || isWorker.getAsBoolean();
        }
    }
}
