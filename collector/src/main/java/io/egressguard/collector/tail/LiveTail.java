package io.egressguard.collector.tail;

import io.egressguard.collector.drain.StopSignal;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.journal.SpillLog;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Follows every JVM journal under a queue parent, like {@code tail -f}: journals present at the
 * start are read from their end (or their start with {@code fromStart}); journals that get their
 * first cycle file later are read from their start, since all they hold is new. Each journal's
 * spill file (the agent's events before Chronicle was ready, and at exit) is followed the same way.
 */
public final class LiveTail implements AutoCloseable {
    private static final int BATCH = 512;

    private final Path queueParent;
    private final boolean fromStart;
    /** By journal name, and by journal name and spill file name for the spill files. */
    private final Map<String, Follower> followers = new LinkedHashMap<>();
    private final Set<String> journals = new HashSet<>();
    private boolean started;

    public LiveTail(Path queueParent, boolean fromStart) {
        this.queueParent = queueParent;
        this.fromStart = fromStart;
    }

    /** Opens the journals present now; returns how many are followed. */
    public int start() {
        discover();
        started = true;
        return journals.size();
    }

    /**
     * Reads and hands on entries until {@code stop}, {@code limit} events or {@code deadlineNanos}
     * (a {@link System#nanoTime()} value; {@code Long.MAX_VALUE} for none).
     *
     * @param afterBatch called after each pass that read something (the caller flushes its output)
     */
    public void follow(StopSignal stop, long pollMillis, long limit, long deadlineNanos,
                       EntrySink sink, Runnable afterBatch) throws InterruptedException {
        long seen = 0;
        long lastDiscovery = System.nanoTime();
        while (!stop.isStopped()) {
            if (System.nanoTime() - lastDiscovery >= pollMillis * 1_000_000L) {
                discover();
                lastDiscovery = System.nanoTime();
            }
            int read = 0;
            for (Follower follower : followers.values()) {
                JournalFollower.Polled polled = follower.poll((int) Math.min(BATCH, limit - seen), sink);
                read += polled.entries();
                seen += polled.events();
                if (seen >= limit) {
                    afterBatch.run();
                    return;
                }
            }
            if (read > 0) {
                afterBatch.run();
                continue;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || stop.await(Math.max(1, Math.min(pollMillis, left / 1_000_000L)))) {
                return;
            }
        }
    }

    private void discover() {
        for (JournalDir journal : JournalDir.discover(queueParent)) {
            if (!followers.containsKey(journal.name()) && journal.hasCycles()) {
                followers.put(journal.name(), new JournalFollower(journal, started || fromStart));
                journals.add(journal.name());
            }
            String spill = journal.name() + "/" + SpillLog.NAME;
            if (!followers.containsKey(spill) && journal.hasSpill()) {
                followers.put(spill, new SpillFollower(journal, started || fromStart));
                journals.add(journal.name());
            }
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Follower follower : followers.values()) {
            try {
                follower.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        followers.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
