package io.egressguard.collector.drain;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.journal.EntrySource;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.journal.JournalReader;
import io.egressguard.collector.journal.SpillReader;
import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.EventSink;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One store's side of the drain: its own sink, its own reader of every journal and its own
 * positions, so a store that is slow or down holds back no other. Each batch (entries of one or
 * more journals) is committed together with the positions it reaches in them; after any failure the readers are dropped and
 * reopened at the positions the store reports, so an uncommitted batch is read again, never skipped.
 */
final class StoreLane implements AutoCloseable {
    /**
     * A batch also ends once its records hold this many bytes: events with large payload previews
     * (payload.max goes up to 1 MiB) would otherwise make a 5,000-event batch gigabytes, and two
     * batches are in memory at once. 2 KiB events fill 5,000 in ~10 MiB.
     */
    static final long MAX_BATCH_BYTES = 16L << 20;
    private static final long NOTICE_EVERY_MILLIS = 60_000;

    final String name;
    final DrainStats stats = new DrainStats();
    /** Held for a whole pass; retention takes it to close readers and delete files safely. */
    final ReentrantLock lock = new ReentrantLock();

    private final Supplier<EventSink> opener;
    private final boolean ownsSink;
    private final Path queueParent;
    private final int batchSize;
    private final Consumer<String> notices;
    /** By position key: a journal's Chronicle queue under its name, its spill file under {@link SpillReader#keyOf}. */
    private final Map<String, EntrySource> readers = new LinkedHashMap<>();
    private final String localHost = Retention.localHostname();
    /** What the store has committed, as last read or written: retention and status read it from other threads. */
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private final Backoff backoff = new Backoff(1_000, 60_000);
    private final ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "egressguard-read");
        t.setDaemon(true);
        return t;
    });

    private EventSink sink;
    private volatile boolean positionsKnown;
    private volatile String downCause;
    private long retryAtMillis;
    /** Which journal a gather starts with; only the prefetch thread uses it. */
    private long rotation;
    private long lastNoticeMillis = Long.MIN_VALUE / 2;

    StoreLane(String name, Supplier<EventSink> opener, boolean ownsSink, Path queueParent, int batchSize,
              Consumer<String> notices) {
        this.name = name;
        this.opener = opener;
        this.ownsSink = ownsSink;
        this.queueParent = queueParent;
        this.batchSize = batchSize;
        this.notices = notices;
    }

    /**
     * Drains every journal until caught up or stopped.
     *
     * @return entries consumed (0 when there was nothing new)
     * @throws CollectorException when the store or a journal fails; the lane is then ready to retry
     */
    long pass(StopSignal stop) {
        lock.lock();
        try {
            return drainOnce(stop);
        } catch (RuntimeException e) {
            closeReaders();
            if (ownsSink && sink != null) {
                closeQuietly(sink);
                sink = null;
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private long drainOnce(StopSignal stop) {
        if (sink == null) {
            sink = opener.get();
        }
        if (readers.isEmpty()) {
            // First pass, or the first after a failure: the store is the truth (a commit whose
            // acknowledgement was lost may have gone in after all).
            Map<String, Long> stored = sink.positions();
            committed.keySet().retainAll(stored.keySet());
            committed.putAll(stored);
            positionsKnown = true;
        }
        for (JournalDir journal : JournalDir.discover(queueParent)) {
            if (!readers.containsKey(journal.name()) && journal.hasCycles()) {
                readers.put(journal.name(), open(journal, committed.get(journal.name())));
            }
            String spill = SpillReader.keyOf(journal);
            if (!readers.containsKey(spill) && journal.hasSpill()) {
                readers.put(spill, new SpillReader(journal, committed.get(spill), jvmOf(journal), localHost, notices));
            }
        }
        List<EntrySource> all = new ArrayList<>(readers.values());
        for (EntrySource reader : all) {
            stats.sawJournal(reader.journal().name());
        }
        if (all.isEmpty()) {
            return 0;
        }
        long consumed = 0;
        EventSink writer = sink;
        Callable<Gathered> read = () -> {
            Gathered g = gather(all);
            g.events = prepared(writer, g.events);
            return g;
        };
        // The next batch is read and decoded on the prefetch thread while this one commits: the
        // store's write (mostly native or server time) and the decode overlap on two cores.
        Future<Gathered> next = prefetch.submit(read);
        try {
            while (!stop.isStopped()) {
                Gathered batch = await(next);
                next = null;
                if (batch.consumed == 0) {
                    break;
                }
                boolean more = (batch.consumed >= batchSize || batch.bytes >= MAX_BATCH_BYTES) && !stop.isStopped();
                if (more) {
                    next = prefetch.submit(read);
                }
                int stored = sink.commit(batch.events, batch.damaged, batch.positions);
                batch.positions.forEach((journal, index) -> committed.merge(journal, index, Math::max));
                stats.stored += stored;
                stats.duplicates += batch.events.size() - stored;
                stats.batches++;
                consumed += batch.consumed;
                if (!more) {
                    break;
                }
            }
        } finally {
            if (next != null) {
                // A read still running must finish before the readers may be closed or reused;
                // what it read is dropped, and read again from the committed positions next pass.
                next.cancel(false);
                try {
                    await(next);
                } catch (RuntimeException ignored) {
                    // dropped either way
                }
                for (EntrySource reader : all) {
                    forget(reader.journal().name());
                }
            }
        }
        return consumed;
    }

    /** Entries read from several journals for one transaction, and the position each reached. */
    private static final class Gathered {
        List<StoredEvent> events = new ArrayList<>();
        final List<Damage> damaged = new ArrayList<>();
        final Map<String, Long> positions = new HashMap<>();
        int consumed;
        long bytes;
    }

    /**
     * Up to a batch of entries from as many journals as it takes, so that many journals with a few
     * new events each still make few, large transactions (a store's cost is mostly per transaction
     * and per page it dirties). The first journal rotates, so a busy one cannot starve the others.
     */
    private Gathered gather(List<EntrySource> all) {
        Gathered g = new Gathered();
        int first = (int) (rotation++ % all.size());
        for (int k = 0; k < all.size() && g.consumed < batchSize && g.bytes < MAX_BATCH_BYTES; k++) {
            EntrySource reader = all.get((first + k) % all.size());
            EntrySource.Batch batch = reader.read(batchSize - g.consumed, MAX_BATCH_BYTES - g.bytes, new EntrySource.CorruptSink() {
                @Override
                public void corrupt(EntrySource source, long index, String problem) {
                    stats.corrupt++;
                    notices.accept(source.where(index) + ": " + problem);
                }

                @Override
                public void damaged(EntrySource source, Damage damage) {
                    stats.lost(damage);
                    notices.accept(damage.describe());
                }
            });
            if (!batch.isEmpty()) {
                g.events.addAll(batch.events());
                g.damaged.addAll(batch.damage());
                g.positions.put(reader.positionKey(), batch.lastIndex());
                g.consumed += batch.consumed();
                g.bytes += batch.bytes();
            }
        }
        return g;
    }

    /** The sink's preparation of a batch; a sink that fails at it gets the plain batch (its commit does the work). */
    private static List<StoredEvent> prepared(EventSink sink, List<StoredEvent> events) {
        if (events.isEmpty()) {
            return events;
        }
        try {
            return sink.prepare(events);
        } catch (RuntimeException e) {
            return events;
        }
    }

    /** Records a failed pass; says so at most once a minute; returns when to try again (epoch ms). */
    long failed(RuntimeException e, long nowMillis) {
        String cause = firstLine(e.getMessage());
        for (String prefix : new String[] {"store " + name + ": ", "store " + name + " "}) {
            if (cause.startsWith(prefix)) {
                cause = cause.substring(prefix.length());
                break;
            }
        }
        long delay = backoff.next();
        retryAtMillis = nowMillis + delay;
        if (downCause == null || nowMillis - lastNoticeMillis >= NOTICE_EVERY_MILLIS) {
            notices.accept("store " + name + " is paused: " + cause + " (retrying with backoff, next in "
                    + delay / 1000 + "s; its events wait in the journals)");
            lastNoticeMillis = nowMillis;
        }
        downCause = cause;
        return retryAtMillis;
    }

    void succeeded() {
        if (downCause != null) {
            notices.accept("store " + name + " is back: draining resumed");
            downCause = null;
        }
        backoff.reset();
    }

    long retryAtMillis() {
        return retryAtMillis;
    }

    boolean isDown() {
        return downCause != null;
    }

    String downCause() {
        return downCause;
    }

    /** The committed positions, or null before the store has ever been reached. */
    Map<String, Long> committed() {
        return positionsKnown ? new HashMap<>(committed) : null;
    }

    /** Newest index of the journal as this lane's reader sees it; null when it has no reader for it. Call under {@link #lock}. */
    Long lastIndex(String journal) {
        return readers.get(journal) instanceof JournalReader reader ? reader.lastIndex() : null;
    }

    /** Closes the reader of a journal that retention is about to delete. Call under {@link #lock}. */
    void forget(String journal) {
        for (String key : new String[] {journal, journal + SpillReader.KEY_SUFFIX}) {
            EntrySource reader = readers.remove(key);
            if (reader != null) {
                reader.close();
            }
        }
    }

    List<String> journals() {
        lock.lock();
        try {
            return readers.values().stream().map(r -> r.journal().name()).distinct().toList();
        } finally {
            lock.unlock();
        }
    }

    private static <T> T await(Future<T> batch) {
        try {
            return batch.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectorException("drain interrupted", e);
        }
    }

    private JvmInfo jvmOf(JournalDir journal) {
        try {
            return journal.readJvm();
        } catch (IOException e) {
            notices.accept("journal " + journal.dir() + ": " + JournalDir.JVM_FILE + " is unreadable, events keep their own jvm: "
                    + firstLine(e.getMessage()));
            return null;
        }
    }

    private JournalReader open(JournalDir journal, Long position) {
        JvmInfo jvm = jvmOf(journal);
        try {
            return new JournalReader(journal, position, jvm);
        } catch (RuntimeException e) {
            throw new CollectorException("journal " + journal.dir() + " cannot be opened as a Chronicle queue: "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    private void closeReaders() {
        for (EntrySource reader : readers.values()) {
            try {
                reader.close();
            } catch (RuntimeException ignored) {
                // a reader that cannot close cleanly is dropped all the same
            }
        }
        readers.clear();
    }

    private static void closeQuietly(EventSink sink) {
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // the store is already failing; its first error is the one reported
        }
    }

    static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            prefetch.shutdownNow();
            closeReaders();
            if (ownsSink && sink != null) {
                EventSink s = sink;
                sink = null;
                s.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
