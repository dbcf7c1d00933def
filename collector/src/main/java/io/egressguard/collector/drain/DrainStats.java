package io.egressguard.collector.drain;

import java.util.Set;
import java.util.TreeSet;

/** What a drain did for one store, for its summary line. Written by that store's thread only. */
public final class DrainStats {
    volatile long stored;
    volatile long duplicates;
    volatile long corrupt;
    volatile int batches;
    final Set<String> journals = new TreeSet<>();

    /** Events new to the store. */
    public long stored() {
        return stored;
    }

    /** Events read that the store already held (by id). */
    public long duplicates() {
        return duplicates;
    }

    /** Journal entries that were not events and were skipped. */
    public long corrupt() {
        return corrupt;
    }

    public int batches() {
        return batches;
    }

    /** Journals seen with at least one cycle file. */
    public synchronized int journals() {
        return journals.size();
    }

    synchronized void sawJournal(String name) {
        journals.add(name);
    }

    /** Entries consumed so far: what the status line's rate counts. */
    public long consumed() {
        return stored + duplicates + corrupt;
    }
}
