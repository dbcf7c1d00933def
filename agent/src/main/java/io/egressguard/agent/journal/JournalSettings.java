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
    /** Heap the overflow table's aggregates may hold ({@link OverflowTable}): where attempts go while the ring is full. */
    public final long overflowBytes;
    /** {@code disk.min-free}: the reserve the writer leaves free, scaled down to the volume ({@link DiskSpace}). */
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
    /** The file system the journal's free space is read from; null: the journal directory's own. For tests. */
    final DiskSpace.Volume volume;

    private JournalSettings(Draft d) {
        if (d.ringCapacity < 2 || d.ringCapacity > (1 << 24)) {
            throw new IllegalArgumentException("journal ring capacity must be 2..16777216, not " + d.ringCapacity);
        }
        if (d.ringBytes < 1) {
            throw new IllegalArgumentException("journal ring bytes must be positive, not " + d.ringBytes);
        }
        this.ringCapacity = d.ringCapacity;
        this.ringBytes = d.ringBytes;
        this.overflowBytes = Math.max(0, d.overflowBytes);
        this.minFreeBytes = Math.max(0, d.minFreeBytes);
        this.freeSpaceCheckMillis = Math.max(1, d.freeSpaceCheckMillis);
        this.backoffMillis = Math.max(1, d.backoffMillis);
        this.maxBackoffMillis = Math.max(this.backoffMillis, d.maxBackoffMillis);
        this.closeWaitMillis = Math.max(0, d.closeWaitMillis);
        this.volume = d.volume;
    }

    public static JournalSettings defaults() {
        return new JournalSettings(new Draft());
    }

    public JournalSettings withRingCapacity(int capacity) {
        Draft d = new Draft(this);
        d.ringCapacity = capacity;
        return new JournalSettings(d);
    }

    public JournalSettings withRingBytes(long bytes) {
        Draft d = new Draft(this);
        d.ringBytes = bytes;
        return new JournalSettings(d);
    }

    /** 0: no overflow table: a full ring drops (and counts) the event. */
    public JournalSettings withOverflowBytes(long bytes) {
        Draft d = new Draft(this);
        d.overflowBytes = bytes;
        return new JournalSettings(d);
    }

    public JournalSettings withMinFreeBytes(long bytes) {
        Draft d = new Draft(this);
        d.minFreeBytes = bytes;
        return new JournalSettings(d);
    }

    public JournalSettings withFreeSpaceCheckMillis(long millis) {
        Draft d = new Draft(this);
        d.freeSpaceCheckMillis = millis;
        return new JournalSettings(d);
    }

    public JournalSettings withBackoffMillis(long first, long max) {
        Draft d = new Draft(this);
        d.backoffMillis = first;
        d.maxBackoffMillis = max;
        return new JournalSettings(d);
    }

    public JournalSettings withCloseWaitMillis(long millis) {
        Draft d = new Draft(this);
        d.closeWaitMillis = millis;
        return new JournalSettings(d);
    }

    JournalSettings withVolume(DiskSpace.Volume v) {
        Draft d = new Draft(this);
        d.volume = v;
        return new JournalSettings(d);
    }

    /** The values of settings being made, starting from the defaults or a copy. */
    private static final class Draft {
        int ringCapacity = 8192;
        long ringBytes = 8L << 20;
        long overflowBytes = 4L << 20;
        long minFreeBytes = 64L << 20;
        long freeSpaceCheckMillis = 1000;
        long backoffMillis = 1000;
        long maxBackoffMillis = 60_000;
        long closeWaitMillis = 500;
        DiskSpace.Volume volume;

        Draft() {
        }

        Draft(JournalSettings s) {
            ringCapacity = s.ringCapacity;
            ringBytes = s.ringBytes;
            overflowBytes = s.overflowBytes;
            minFreeBytes = s.minFreeBytes;
            freeSpaceCheckMillis = s.freeSpaceCheckMillis;
            backoffMillis = s.backoffMillis;
            maxBackoffMillis = s.maxBackoffMillis;
            closeWaitMillis = s.closeWaitMillis;
            volume = s.volume;
        }
    }
}
