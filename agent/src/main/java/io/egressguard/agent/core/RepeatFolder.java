package io.egressguard.agent.core;

import io.egressguard.event.Event;
import io.egressguard.event.EventIds;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Folds fast repeats of one attempt into one record with a count, so a client stuck in a retry
 * loop cannot flood the journal. The first attempt is recorded at once; repeats within the window
 * only count, and when the window ends one more record carries their number in {@code count}, so
 * the sum of {@code count} over all records is the number of attempts.
 */
final class RepeatFolder {
    private final EventSink sink;
    private final long windowNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RepeatFolder(EventSink sink, long windowMillis) {
        this.sink = sink;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** Records the event or folds it into a running window; returns the id a block should cite. */
    String record(Event e, String key, long nowNanos) {
        if (windowNanos <= 0) {
            sink.offer(e);
            return e.id;
        }
        Window w = windows.get(key);
        if (w != null) {
            synchronized (w) {
                if (!w.closed && nowNanos - w.start < windowNanos) {
                    w.repeats++;
                    w.last = e;
                    return w.firstId;
                }
            }
        }
        windows.put(key, new Window(e.id, nowNanos));
        sink.offer(e);
        return e.id;
    }

    /** Emits the count record of every window that has ended (or of all, when {@code all}). */
    void flush(long nowNanos, boolean all) {
        Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
        while (it.hasNext()) {
            Window w = it.next().getValue();
            Event summary = null;
            synchronized (w) {
                if (all || nowNanos - w.start >= windowNanos) {
                    w.closed = true;
                    it.remove();
                    if (w.repeats > 0) {
                        summary = w.last;
                        summary.count = w.repeats;
                        summary.id = EventIds.next(System.currentTimeMillis());
                    }
                }
            }
            if (summary != null) {
                sink.offer(summary);
            }
        }
    }

    int openWindows() {
        return windows.size();
    }

    private static final class Window {
        final String firstId;
        final long start;
        int repeats;
        Event last;
        boolean closed;

        Window(String firstId, long start) {
            this.firstId = firstId;
            this.start = start;
        }
    }
}
