package io.egressguard.collector.journal;

import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.JvmInfo;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Reads one JVM's journal from the position its store committed. The position in the store is the
 * only truth: the tailer is unnamed, because each store has its own reader of the same journal and
 * a named tailer's saved index would be shared between them (retention uses the stores' positions).
 */
public final class JournalReader implements EntrySource {
    private final JournalDir journal;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final Bytes<?> buffer = Bytes.allocateElasticOnHeap(4096);
    private final RecordDecoder records;
    /** When the committed index could not be found, entries up to it are read and dropped. */
    private long skipThrough = -1;

    /**
     * @param committed the last index the store holds from this journal, or null to start at the beginning
     * @param jvm       the journal's {@code jvm.json}, used for events that do not carry their JVM
     */
    public JournalReader(JournalDir journal, Long committed, JvmInfo jvm) {
        this.journal = journal;
        this.records = new RecordDecoder(journal, jvm);
        this.queue = ChronicleQueue.singleBuilder(journal.dir()).rollCycle(RollCycles.FAST_HOURLY).build();
        try {
            this.tailer = queue.createTailer();
            // One lane thread reads it, but retention and close may come from another between passes.
            tailer.singleThreadedCheckDisabled(true);
            position(committed);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    private void position(Long committed) {
        if (committed == null) {
            tailer.toStart();
            return;
        }
        // Indexes are not contiguous across cycles, so "committed + 1" is reached by moving to the
        // committed entry and stepping over it.
        if (tailer.moveToIndex(committed)) {
            buffer.clear();
            if (tailer.readBytes(buffer) && tailer.lastReadIndex() == committed) {
                return;
            }
        }
        tailer.toStart();
        skipThrough = committed;
    }

    @Override
    public String positionKey() {
        return journal.name();
    }

    @Override
    public String where(long index) {
        return "journal " + journal.dir() + " index " + Long.toHexString(index);
    }

    /** Reads up to {@code max} entries, and stops sooner once they hold {@code maxBytes} bytes. */
    @Override
    public Batch read(int max, long maxBytes, CorruptSink corrupt) {
        List<StoredEvent> events = new ArrayList<>(Math.min(max, 1024));
        long last = -1;
        int consumed = 0;
        long bytesRead = 0;
        while (consumed < max && bytesRead < maxBytes) {
            byte[] bytes;
            long index;
            // Copied once, straight from the mapped file into the array the event keeps.
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                index = dc.index();
                Bytes<?> content = dc.wire().bytes();
                bytes = new byte[(int) content.readRemaining()];
                // The positional bulk read is a memory copy; read(byte[]) copies byte by byte.
                content.read(content.readPosition(), bytes, 0, bytes.length);
            }
            if (index <= skipThrough) {
                continue;
            }
            consumed++;
            last = index;
            bytesRead += bytes.length;
            try {
                events.add(records.decode(bytes));
            } catch (CorruptEventException e) {
                corrupt.corrupt(this, index, e.getMessage());
            }
        }
        return new Batch(events, last, consumed, bytesRead);
    }

    @Override
    public JournalDir journal() {
        return journal;
    }

    /** The index of the newest entry in the journal, or -1 when it has none. */
    public long lastIndex() {
        long last = queue.lastIndex();
        return last == Long.MAX_VALUE || last == Long.MIN_VALUE ? -1 : last;
    }

    /** Entries after {@code committed} (all entries when null) up to the newest: a store's lag behind this journal. */
    public long countAfter(Long committed) {
        long last = lastIndex();
        if (last < 0 || committed != null && committed >= last) {
            return 0;
        }
        SingleChronicleQueue q = (SingleChronicleQueue) queue;
        if (committed == null) {
            return q.countExcerpts(q.firstIndex(), last) + 1;
        }
        return q.countExcerpts(committed, last);
    }

    /** After retention deleted cycle files: Chronicle caches the directory listing. */
    public void refreshDirectoryListing() {
        queue.refreshDirectoryListing();
    }

    @Override
    public void close() {
        try {
            tailer.close();
        } finally {
            buffer.releaseLast();
            queue.close();
        }
    }
}
