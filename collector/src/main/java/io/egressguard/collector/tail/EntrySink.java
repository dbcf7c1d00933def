package io.egressguard.collector.tail;

import io.egressguard.collector.journal.JournalDir;

/** Receives each journal entry {@code tail} reads: its journal, Chronicle index and bytes (the event's UTF-8 JSON). */
public interface EntrySink {
    /** @return whether the entry was an event (a corrupt one is reported and not counted) */
    boolean entry(JournalDir journal, long index, byte[] bytes);
}
