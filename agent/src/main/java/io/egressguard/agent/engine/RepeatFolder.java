package io.egressguard.agent.engine;

import io.egressguard.event.Event;
import io.egressguard.event.EventIds;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Folds fast repeats of one attempt into one record with a count, so a client stuck in a retry
 * loop cannot flood the journal. The first attempt is recorded at once; repeats within the window
 * only count, and when the window ends one more record (a copy of the first, timed at the last
 * repeat) carries their number in {@code count}, so the sum of {@code count} over all records is
 * the number of attempts.
 *
 * <p>Bounded: each open window keeps its first event (stack and all) until it ends, so the windows
 * together may hold at most {@code maxBytes} ({@link Event#heldBytes}, plus a window's own share).
 * An attempt that finds the table full is recorded without a window: its repeats are then recorded
 * one by one (and go to the journal's overflow table when they come faster than it writes). Nothing
 * is lost to the bound, only folding. Never throws into the app on its own account.
 */
public final class RepeatFolder {
    /** The default bound when none is given (the agent passes table.bytes). */
    static final long DEFAULT_MAX_BYTES = 4L << 20;
    /** A window's own share besides its event: the map node, the key string, the window object. */
    static final long WINDOW_BYTES = 256;

    private final EventSink sink;
    private final long windowNanos;
    private final long maxBytes;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    public RepeatFolder(EventSink sink, long windowMillis) {
        this(sink, windowMillis, DEFAULT_MAX_BYTES);
    }

    public RepeatFolder(EventSink sink, long windowMillis, long maxBytes) {
        this.sink = sink;
        this.windowNanos = windowMillis * 1_000_000L;
        this.maxBytes = maxBytes;
    }

    /** False with {@code fold.window=0}: every attempt is recorded, no key is needed. */
    public boolean folds() {
        return windowNanos > 0;
    }

    /**
     * Counts the attempt into a running window of the same key and returns the id a block should
     * cite, or returns null when there is none: then the caller builds the event and calls
     * {@link #record}. Deciding before building keeps a folded repeat cheap.
     */
    public String fold(String key, long nowNanos) {
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

    /** Journals a first attempt and opens a window for its repeats, if the table has room for one. */
    public void record(Event e, String key, long nowNanos) {
        if (windowNanos > 0 && key != null) {
            try {
                open(e, key, nowNanos);
            } catch (Throwable t) {
                // out of memory, say: no window, so its repeats are recorded one by one; the attempt still is
            }
        }
        sink.offer(e);
    }

    private void open(Event e, String key, long nowNanos) {
        long cost = e.heldBytes() + WINDOW_BYTES + key.length();
        if (bytes.addAndGet(cost) > maxBytes) {
            bytes.addAndGet(-cost);
            Window ended = windows.remove(key);
            if (ended != null) {
                offer(close(ended)); // its repeats still count
            }
            return;
        }
        // A window that ended before the flusher came by is replaced here: its count is told now,
        // or its repeats would never be (a journal summed to fewer attempts than were made).
        Window ended = windows.put(key, new Window(e, nowNanos, cost));
        if (ended != null) {
            offer(close(ended));
        }
    }

    /**
     * Emits the count record of every window that has ended (or of all, when {@code all}). Never
     * throws: a window whose record cannot be made (out of memory) has its repeats counted as lost.
     */
    /** Counts attempts that failed to become a record (an agent bug while recording): told as dropped. */
    public void lost(long attempts) {
        sink.lost(attempts);
    }

    public void flush(long nowNanos, boolean all) {
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

    /**
     * Closes a window and releases its bytes: its count record, or null when it has none to tell (no
     * repeats, closed before, or lost to an error: then its repeats are told to the sink as lost).
     */
    private Event close(Window w) {
        int repeats;
        long lastTime;
        synchronized (w) {
            if (w.closed) {
                return null;
            }
            w.closed = true;
            repeats = w.repeats;
            lastTime = w.lastTime;
        }
        bytes.addAndGet(-w.cost);
        if (repeats == 0) {
            return null;
        }
        try {
            Event summary = w.first.copy();
            summary.count = repeats;
            summary.id = EventIds.next(lastTime);
            summary.time = lastTime * 1_000_000L;
            summary.dropped = 0;
            return summary;
        } catch (Throwable t) {
            sink.lost(repeats);
            return null;
        }
    }

    private void offer(Event summary) {
        if (summary != null) {
            try {
                sink.offer(summary);
            } catch (Throwable t) {
                sink.lost(summary.count); // the journal never throws, but a count must not vanish if it did
            }
        }
    }

    public int openWindows() {
        return windows.size();
    }

    /** Bytes the open windows hold (an estimate, as {@link Event#heldBytes}). */
    public long bytes() {
        return bytes.get();
    }

    private static final class Window {
        final Event first;
        final long start;
        final long cost;
        int repeats;
        long lastTime;
        boolean closed;

        Window(Event first, long start, long cost) {
            this.first = first;
            this.start = start;
            this.cost = cost;
        }
    }
}
