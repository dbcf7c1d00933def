package io.egressguard.agent.journal;

import io.egressguard.event.Event;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where an attempt goes when the ring is full: one aggregate per (destination, port, rule, action,
 * api, call site) with a count, its first and last time and the first attempt's event (its stack,
 * culprit, request). The writer takes the aggregates as ordinary records marked {@code overflow}
 * ({@link #poll}). A burst of distinct destinations thus keeps every destination and culprit, and a
 * flood of one keeps its exact count, in the heap of one event per key.
 *
 * <p>Bounded by the bytes its events hold ({@link Event#heldBytes}, plus an entry's own share): a
 * new key that does not fit is refused ({@link #add} false; the caller counts its attempts as
 * dropped), while a known key only adds to its count and always fits. App threads add, one writer
 * thread polls. A key is locked only to count into it: no app thread waits for another's key.
 */
public final class OverflowTable {
    /** An entry's own share besides its event: the map node, the key string, the entry object, the queue node. */
    static final long ENTRY_BYTES = 256;

    private final long maxBytes;
    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();
    /** The keys in the order they came: the writer takes the oldest first. */
    private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong pendingAttempts = new AtomicLong();
    /** The journal's count of dropped attempts: an aggregate lost to an error while taken goes there. */
    private final LongAdder dropped;

    public OverflowTable(long maxBytes, LongAdder dropped) {
        this.maxBytes = maxBytes;
        this.dropped = dropped;
    }

    /**
     * Counts {@code e} (its {@code count} attempts) into the aggregate of its key, opening one if
     * there is room. The table owns {@code e} from here and never changes it (a fold window may copy
     * it later). False when it is a new key and the table is full: nothing is kept. Never throws.
     */
    public boolean add(Event e) {
        try {
            String key = keyOf(e);
            for (;;) {
                Entry known = byKey.get(key);
                if (known != null) {
                    if (known.count(e)) {
                        return true;
                    }
                    byKey.remove(key, known); // taken by the writer meanwhile: a new aggregate
                    continue;
                }
                long cost = e.heldBytes() + ENTRY_BYTES + key.length();
                if (bytes.addAndGet(cost) > maxBytes) {
                    bytes.addAndGet(-cost);
                    return false;
                }
                Entry fresh = new Entry(key, e, cost);
                pendingAttempts.addAndGet(e.count);
                known = byKey.putIfAbsent(key, fresh);
                if (known == null) {
                    order.add(fresh);
                    return true;
                }
                // another thread opened this key first: count into its aggregate instead
                pendingAttempts.addAndGet(-e.count);
                bytes.addAndGet(-cost);
            }
        } catch (Throwable t) {
            return false; // an OutOfMemoryError, say: the caller counts the attempts as dropped
        }
    }

    /**
     * The oldest aggregate as a record (a copy of its first event with the count, last time and
     * first time), or null when the table is empty. Single consumer (the journal writer). Never
     * throws: an aggregate that cannot be made into a record (out of memory) is counted as dropped.
     */
    public Event poll() {
        for (;;) {
            Entry entry = order.poll();
            if (entry == null) {
                return null;
            }
            byKey.remove(entry.key, entry);
            int count = entry.close();
            bytes.addAndGet(-entry.cost);
            pendingAttempts.addAndGet(-count);
            try {
                return entry.record(count);
            } catch (Throwable t) {
                dropped.add(count);
            }
        }
    }

    /** Attempts counted into aggregates that the writer has not taken yet. */
    public long pendingAttempts() {
        return pendingAttempts.get();
    }

    /** Bytes its aggregates hold now (an estimate, as {@link Event#heldBytes}). */
    long bytes() {
        return bytes.get();
    }

    int size() {
        return byKey.size();
    }

    /** The aggregate's key: where, how decided, by which hook, from which call site. */
    static String keyOf(Event e) {
        return new StringBuilder(128).append(e.api).append('|').append(e.action).append('|').append(e.host).append('|')
                .append(e.ip).append('|').append(e.port).append('|').append(e.rule).append('|').append(e.siteKey()).toString();
    }

    private final class Entry {
        final String key;
        final Event first;
        final long cost;
        final long firstTime;
        long lastTime;
        int count;
        boolean taken;

        Entry(String key, Event first, long cost) {
            this.key = key;
            this.first = first;
            this.cost = cost;
            this.firstTime = first.overflow && first.firstTime != 0 ? first.firstTime : first.time;
            this.lastTime = first.time;
            this.count = first.count;
        }

        /** False when the writer took this aggregate already: the caller opens a new one. */
        synchronized boolean count(Event e) {
            if (taken || count > Integer.MAX_VALUE - e.count) {
                return false;
            }
            count += e.count;
            pendingAttempts.addAndGet(e.count);
            if (e.time - lastTime > 0) {
                lastTime = e.time;
            }
            return true;
        }

        /** Takes this aggregate: no attempt counts into it after this. Its count. */
        synchronized int close() {
            taken = true;
            return count;
        }

        /** The record of a closed aggregate. */
        Event record(int attempts) {
            Event record = first.copy();
            record.count = attempts;
            synchronized (this) {
                record.time = lastTime;
            }
            record.firstTime = firstTime;
            record.overflow = true;
            record.dropped = 0;
            return record;
        }
    }
}
