package io.egressguard.collector.tail;

import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.store.Damage;

/** Receives each journal entry {@code tail} reads: its journal, index and the event's UTF-8 JSON; and what damage cost. */
public interface EntrySink {
    /** @return whether the entry was an event (a corrupt one is reported and not counted) */
    boolean entry(JournalDir journal, long index, byte[] bytes);

    /** Entries lost to damage, reported once each as the reader passes them. */
    void lost(Damage damage);
}
