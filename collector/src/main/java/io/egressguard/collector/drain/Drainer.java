package io.egressguard.collector.drain;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.journal.JournalReader;
import io.egressguard.collector.store.EventStore;
import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Moves events from every journal under a queue parent into a store, exactly once: each batch of
 * one journal is committed together with that journal's position, and readers start after the
 * position the store holds. Readers stay open between passes so {@code --follow} costs one poll.
 */
public final class Drainer implements AutoCloseable {
    private final Path queueParent;
    private final EventStore store;
    private final int batchSize;
    private final Consumer<String> notices;
    private final Map<String, JournalReader> readers = new LinkedHashMap<>();

    /**
     * @param notices receives one-line problems: corrupt entries, unreadable {@code jvm.json}
     */
    public Drainer(Path queueParent, EventStore store, int batchSize, Consumer<String> notices) {
        this.queueParent = queueParent;
        this.store = store;
        this.batchSize = batchSize;
        this.notices = notices;
    }

    /** Discovers journals and drains each until caught up or {@code stop} is requested. */
    public DrainStats drainAvailable(StopSignal stop, DrainStats stats) {
        List<JournalDir> journals = JournalDir.discover(queueParent);
        Map<String, Long> positions = null;
        for (JournalDir journal : journals) {
            if (readers.containsKey(journal.name()) || !journal.hasCycles()) {
                continue;
            }
            if (positions == null) {
                positions = store.positions();
            }
            readers.put(journal.name(), open(journal, positions.get(journal.name())));
        }
        for (JournalReader reader : readers.values()) {
            stats.journals.add(reader.journal().name());
            while (!stop.isStopped()) {
                JournalReader.Batch batch = reader.read(batchSize, (journal, index, problem) -> {
                    stats.corrupt++;
                    notices.accept("journal " + journal.dir() + " index " + Long.toHexString(index) + ": " + problem);
                });
                if (batch.isEmpty()) {
                    break;
                }
                int stored = store.commit(batch.events(), Map.of(reader.journal().name(), batch.lastIndex()));
                stats.stored += stored;
                stats.duplicates += batch.events().size() - stored;
                stats.batches++;
                if (batch.consumed() < batchSize) {
                    break;
                }
            }
        }
        return stats;
    }

    /** Drains, then polls for new entries and new journals until {@code stop}. */
    public DrainStats follow(StopSignal stop, long pollMillis) throws InterruptedException {
        DrainStats stats = new DrainStats();
        while (!stop.isStopped()) {
            long before = stats.stored + stats.duplicates + stats.corrupt;
            drainAvailable(stop, stats);
            if (stats.stored + stats.duplicates + stats.corrupt == before && stop.await(pollMillis)) {
                break;
            }
        }
        return stats;
    }

    private JournalReader open(JournalDir journal, Long committed) {
        JvmInfo jvm = null;
        try {
            jvm = journal.readJvm();
        } catch (IOException e) {
            notices.accept("journal " + journal.dir() + ": " + JournalDir.JVM_FILE + " is unreadable, events keep their own jvm: "
                    + firstLine(e.getMessage()));
        }
        try {
            return new JournalReader(journal, committed, jvm);
        } catch (RuntimeException e) {
            throw new CollectorException("journal " + journal.dir() + " cannot be opened as a Chronicle queue: "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (JournalReader reader : readers.values()) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        readers.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
