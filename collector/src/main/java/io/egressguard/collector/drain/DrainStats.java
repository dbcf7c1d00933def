package io.egressguard.collector.drain;

/** What a drain did, for its summary line. */
public final class DrainStats {
    long stored;
    long duplicates;
    long corrupt;
    int batches;
    final java.util.Set<String> journals = new java.util.TreeSet<>();

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
    public int journals() {
        return journals.size();
    }
}
