package io.egressguard.collector.drain;

import java.util.Set;
import java.util.TreeSet;

/** What a drain did for one store, for its summary line. Written by that store's thread only. */
public final class DrainStats {
    volatile long stored;
    volatile long duplicates;
    volatile long corrupt;
    volatile int batches;
    volatile long lostEntries;
    volatile int damageReports;
    volatile boolean lostUncounted;
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

    /** Stretches of journal lost to damage and recorded in the store. */
    public int damageReports() {
        return damageReports;
    }

    /** Entries those stretches held, as far as known ({@link #lostUncounted}: some ran to a cycle's end). */
    public long lostEntries() {
        return lostEntries;
    }

    public boolean lostUncounted() {
        return lostUncounted;
    }

    void lost(io.egressguard.collector.store.Damage d) {
        damageReports++;
        if (d.count() < 0) {
            lostUncounted = true;
        } else {
            lostEntries += d.count();
        }
    }

    /** Whether any entry was lost, to damage or as a record that was no event. */
    public boolean metDamage() {
        return damageReports > 0 || corrupt > 0;
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
