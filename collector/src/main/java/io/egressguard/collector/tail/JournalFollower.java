package io.egressguard.collector.tail;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.journal.JournalDir;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Reads one JVM's journal as it grows, for {@code tail}. The queue is opened read-only and read
 * with an unnamed tailer, so nothing is written: not the drain's named tailer, not any position.
 */
final class JournalFollower implements Follower {
    private final JournalDir journal;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final Bytes<?> buffer = Bytes.allocateElasticOnHeap(4096);

    /** @param fromStart whether to read what the journal already holds, or only what is appended from now on */
    JournalFollower(JournalDir journal, boolean fromStart) {
        this.journal = journal;
        try {
            this.queue = ChronicleQueue.singleBuilder(journal.dir()).rollCycle(RollCycles.FAST_HOURLY).readOnly(true).build();
        } catch (RuntimeException e) {
            throw new CollectorException("journal " + journal.dir() + " cannot be opened as a Chronicle queue: "
                    + firstLine(e.getMessage()), e);
        }
        try {
            this.tailer = queue.createTailer();
            if (fromStart) {
                tailer.toStart();
            } else {
                tailer.toEnd();
            }
        } catch (RuntimeException e) {
            queue.close();
            throw new CollectorException("journal " + journal.dir() + " cannot be read: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public Polled poll(int max, EntrySink sink) {
        int read = 0;
        int events = 0;
        while (events < max) {
            buffer.clear();
            if (!tailer.readBytes(buffer)) {
                break;
            }
            read++;
            if (sink.entry(journal, tailer.lastReadIndex(), buffer.toByteArray())) {
                events++;
            }
        }
        return new Polled(read, events);
    }

    record Polled(int entries, int events) {
    }

    JournalDir journal() {
        return journal;
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
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
