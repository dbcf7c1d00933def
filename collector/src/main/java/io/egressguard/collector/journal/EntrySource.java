package io.egressguard.collector.journal;

import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.StoredEvent;
import java.util.List;

/**
 * Where a drain reads one JVM's events from: its Chronicle journal ({@link JournalReader}) or its
 * spill file ({@link SpillReader}). Each has its own position in every store, under {@link #positionKey}.
 */
public interface EntrySource extends AutoCloseable {
    /** Receives entries that are not events; the drain reports and skips them. */
    interface CorruptSink {
        void corrupt(EntrySource source, long index, String problem);

        /** Entries lost to damage; by default reported like a corrupt entry. */
        default void damaged(EntrySource source, Damage damage) {
            corrupt(source, damage.firstIndex(), damage.describe());
        }
    }

    /**
     * Events read, the position of the last entry consumed (events, corrupt and lost ones; -1 if
     * none), how many entries that was, their size in bytes, and what damage cost on the way.
     */
    record Batch(List<StoredEvent> events, long lastIndex, int consumed, long bytes, List<Damage> damage) {
        public Batch(List<StoredEvent> events, long lastIndex, int consumed, long bytes) {
            this(events, lastIndex, consumed, bytes, List.of());
        }

        public boolean isEmpty() {
            return lastIndex < 0;
        }
    }

    JournalDir journal();

    /** The key of this source's committed position in a store. */
    String positionKey();

    /** Names an entry for a one-line notice: the file and where in it. */
    String where(long index);

    /** Reads up to {@code max} entries, and stops sooner once they hold {@code maxBytes} bytes. */
    Batch read(int max, long maxBytes, CorruptSink corrupt);

    @Override
    void close();
}
