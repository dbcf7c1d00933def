package io.egressguard.agent.journal;

/**
 * Tunables of the journal. Immutable; {@link #defaults()} then the {@code with...} methods.
 * The agent's config layer maps its options onto these.
 */
public final class JournalSettings {
    /** Events the ring holds before offer() starts dropping; rounded up to a power of two. */
    public final int ringCapacity;
    /** Heap bytes the events waiting in the ring may hold ({@link io.egressguard.event.Event#heldBytes}, an
     *  estimate); beyond it offer() drops too. One event is always taken, however large. */
    public final long ringBytes;
    /** Below this many usable bytes on the queue's file store the writer drops instead of appending. */
    public final long minFreeBytes;
    /** How often the writer re-reads the free space (a statfs call), not per event. */
    public final long freeSpaceCheckMillis;
    /** First back-off after a write failure; doubles on each failed retry up to {@link #maxBackoffMillis}. */
    public final long backoffMillis;
    public final long maxBackoffMillis;
    /** How long close() (the JVM's exit) may spend spilling the events still waiting, and the drop
     *  count, to the spill file. It takes milliseconds unless thousands wait on a starved CPU; what
     *  does not fit is dropped and counted. */
    public final long closeWaitMillis;

    private JournalSettings(int ringCapacity, long ringBytes, long minFreeBytes, long freeSpaceCheckMillis, long backoffMillis,
                            long maxBackoffMillis, long closeWaitMillis) {
        if (ringCapacity < 2 || ringCapacity > (1 << 24)) {
            throw new IllegalArgumentException("journal ring capacity must be 2..16777216, not " + ringCapacity);
        }
        if (ringBytes < 1) {
            throw new IllegalArgumentException("journal ring bytes must be positive, not " + ringBytes);
        }
        this.ringCapacity = ringCapacity;
        this.ringBytes = ringBytes;
        this.minFreeBytes = Math.max(0, minFreeBytes);
        this.freeSpaceCheckMillis = Math.max(1, freeSpaceCheckMillis);
        this.backoffMillis = Math.max(1, backoffMillis);
        this.maxBackoffMillis = Math.max(this.backoffMillis, maxBackoffMillis);
        this.closeWaitMillis = Math.max(0, closeWaitMillis);
    }

    public static JournalSettings defaults() {
        return new JournalSettings(8192, 8L << 20, 64L << 20, 1000, 1000, 60_000, 500);
    }

    public JournalSettings withRingCapacity(int capacity) {
        return new JournalSettings(capacity, ringBytes, minFreeBytes, freeSpaceCheckMillis, backoffMillis, maxBackoffMillis, closeWaitMillis);
    }

    public JournalSettings withRingBytes(long bytes) {
        return new JournalSettings(ringCapacity, bytes, minFreeBytes, freeSpaceCheckMillis, backoffMillis, maxBackoffMillis, closeWaitMillis);
    }

    public JournalSettings withMinFreeBytes(long bytes) {
        return new JournalSettings(ringCapacity, ringBytes, bytes, freeSpaceCheckMillis, backoffMillis, maxBackoffMillis, closeWaitMillis);
    }

    public JournalSettings withFreeSpaceCheckMillis(long millis) {
        return new JournalSettings(ringCapacity, ringBytes, minFreeBytes, millis, backoffMillis, maxBackoffMillis, closeWaitMillis);
    }

    public JournalSettings withBackoffMillis(long first, long max) {
        return new JournalSettings(ringCapacity, ringBytes, minFreeBytes, freeSpaceCheckMillis, first, max, closeWaitMillis);
    }

    public JournalSettings withCloseWaitMillis(long millis) {
        return new JournalSettings(ringCapacity, ringBytes, minFreeBytes, freeSpaceCheckMillis, backoffMillis, maxBackoffMillis, millis);
    }
}
