package io.egressguard.collector.journal;

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
    }

    /**
     * Events read, the position of the last entry consumed (events and corrupt ones; -1 if none), how
     * many entries that was and their size in bytes.
     */
    record Batch(List<StoredEvent> events, long lastIndex, int consumed, long bytes) {
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
