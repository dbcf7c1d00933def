package io.egressguard.collector.tail;

import io.egressguard.collector.journal.JournalCursor;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.store.Damage;

/**
 * Reads one JVM's journal as it grows, for {@code tail}: checked record by record, past damage
 * (reported, never printed as an event), writing nothing: no position, no file.
 */
final class JournalFollower implements Follower {
    private final JournalDir journal;
    private final JournalCursor cursor;
    private final long skipThrough;

    /** @param fromStart whether to read what the journal already holds, or only what is appended from now on */
    JournalFollower(JournalDir journal, boolean fromStart) {
        this.journal = journal;
        this.cursor = new JournalCursor(journal);
        long end = fromStart ? -1 : JournalCursor.lastIndexOf(journal);
        this.skipThrough = end;
        if (end >= 0) {
            cursor.startAtCycleOf(end);
        }
    }

    @Override
    public Polled poll(int max, EntrySink sink) {
        int read = 0;
        int events = 0;
        while (events < max) {
            JournalCursor.Entry entry = cursor.next(skipThrough);
            for (Damage d = cursor.pollLost(); d != null; d = cursor.pollLost()) {
                if (d.firstIndex() > skipThrough) {
                    sink.lost(d);
                }
            }
            if (entry == null) {
                break;
            }
            read++;
            if (sink.entry(journal, entry.index(), entry.json())) {
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

    @Override
    public void close() {
        cursor.close();
    }
}
