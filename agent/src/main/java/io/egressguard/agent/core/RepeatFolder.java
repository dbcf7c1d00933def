package io.egressguard.agent.core;

import io.egressguard.event.Event;
import io.egressguard.event.EventIds;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Folds fast repeats of one attempt into one record with a count, so a client stuck in a retry
 * loop cannot flood the journal. The first attempt is recorded at once; repeats within the window
 * only count, and when the window ends one more record (a copy of the first, timed at the last
 * repeat) carries their number in {@code count}, so the sum of {@code count} over all records is
 * the number of attempts.
 */
final class RepeatFolder {
    private final EventSink sink;
    private final long windowNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RepeatFolder(EventSink sink, long windowMillis) {
        this.sink = sink;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** False with {@code fold.window=0}: every attempt is recorded, no key is needed. */
    boolean folds() {
        return windowNanos > 0;
    }

    /**
     * Counts the attempt into a running window of the same key and returns the id a block should
     * cite, or returns null when there is none: then the caller builds the event and calls
     * {@link #record}. Deciding before building keeps a folded repeat cheap.
     */
    String fold(String key, long nowNanos) {
        if (windowNanos <= 0) {
            return null;
        }
        Window w = windows.get(key);
        if (w == null) {
            return null;
        }
        synchronized (w) {
            if (w.closed || nowNanos - w.start >= windowNanos) {
                return null;
            }
            w.repeats++;
            w.lastTime = System.currentTimeMillis();
            return w.first.id;
        }
    }

    /** Journals a first attempt and opens a window for its repeats. */
    void record(Event e, String key, long nowNanos) {
        if (windowNanos > 0) {
            // A window that ended before the flusher came by is replaced here: its count is told now,
            // or its repeats would never be (a journal summed to fewer attempts than were made).
            Window ended = windows.put(key, new Window(e, nowNanos));
            if (ended != null) {
                offer(close(ended));
            }
        }
        sink.offer(e);
    }

    /** Emits the count record of every window that has ended (or of all, when {@code all}). */
    void flush(long nowNanos, boolean all) {
        Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Window> entry = it.next();
            Window w = entry.getValue();
            if (all || nowNanos - w.start >= windowNanos) {
                // Only this window: a new one may have taken its key meanwhile (record()).
                windows.remove(entry.getKey(), w);
                offer(close(w));
            }
        }
    }

    /** Closes a window: its count record, or null when it has none to tell (no repeats, or closed before). */
    private static Event close(Window w) {
        synchronized (w) {
            if (w.closed) {
                return null;
            }
            w.closed = true;
            if (w.repeats == 0) {
                return null;
            }
            Event summary = w.first.copy();
            summary.count = w.repeats;
            summary.id = EventIds.next(w.lastTime);
            summary.time = w.lastTime * 1_000_000L;
            summary.dropped = 0;
            return summary;
        }
    }

    private void offer(Event summary) {
        if (summary != null) {
            sink.offer(summary);
        }
    }

    int openWindows() {
        return windows.size();
    }

    private static final class Window {
        final Event first;
        final long start;
        int repeats;
        long lastTime;
        boolean closed;

        Window(Event first, long start) {
            this.first = first;
            this.start = start;
        }
    }
}
