package io.egressguard.collector.journal;

import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.JvmInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one JVM's journal from the position its store committed. The position in the store is the
 * only truth: each store has its own reader of the same journal. Records are checked as they are
 * read ({@link JournalCursor}); what damage cost comes back with the batch, so that a store records
 * it in the same transaction as the events and the position past it.
 */
public final class JournalReader implements EntrySource {
    private final JournalDir journal;
    private final RecordDecoder records;
    private final JournalCursor cursor;
    /** Entries up to here are the store's already. */
    private final long skipThrough;

    /**
     * @param committed the last index the store holds from this journal, or null to start at the beginning
     * @param jvm       the journal's {@code jvm.json}, used for events that do not carry their JVM
     */
    public JournalReader(JournalDir journal, Long committed, JvmInfo jvm) {
        this.journal = journal;
        this.records = new RecordDecoder(journal, jvm);
        this.cursor = new JournalCursor(journal);
        this.skipThrough = committed == null ? -1 : committed;
        if (committed != null) {
            cursor.startAtCycleOf(committed);
        }
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
        List<Damage> damage = new ArrayList<>();
        long last = -1;
        int consumed = 0;
        long bytesRead = 0;
        while (consumed < max && bytesRead < maxBytes) {
            JournalCursor.Entry entry = cursor.next(skipThrough);
            collectLost(damage, corrupt);
            if (entry == null) {
                break;
            }
            consumed++;
            last = entry.index();
            bytesRead += entry.json().length;
            try {
                events.add(records.decode(entry.json()));
            } catch (CorruptEventException e) {
                // intact by its checksum yet no event: an agent's fault, not the disk's; kept out all the same
                damage.add(new Damage(journal.name(), entry.cycleFile(), entry.index(), entry.index(), e.getMessage()));
                corrupt.corrupt(this, entry.index(), e.getMessage());
            }
        }
        if (!damage.isEmpty()) {
            last = Math.max(last, cursor.last());
        }
        return new Batch(events, last, consumed, bytesRead, damage);
    }

    private void collectLost(List<Damage> damage, CorruptSink corrupt) {
        for (Damage d = cursor.pollLost(); d != null; d = cursor.pollLost()) {
            if (d.firstIndex() > skipThrough) {
                damage.add(d);
                corrupt.damaged(this, d);
            }
        }
    }

    @Override
    public JournalDir journal() {
        return journal;
    }

    /** The index of the newest entry in the journal, or -1 when it has none. */
    public long lastIndex() {
        return JournalExtent.lastIndex(journal);
    }

    /** Entries after {@code committed} (all entries when null) up to the newest: a store's lag behind this journal. */
    public long countAfter(Long committed) {
        return JournalExtent.countAfter(journal, committed);
    }

    @Override
    public void close() {
        cursor.close();
    }
}
