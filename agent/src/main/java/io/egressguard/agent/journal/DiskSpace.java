package io.egressguard.agent.journal;

import java.io.File;
import java.util.function.Consumer;

/**
 * Keeps the journal's writes off the last free pages of its file system. The journal is a sparse,
 * memory-mapped file: a page is only claimed from the file system when a write first touches it, and
 * when none is left that write takes a SIGBUS (an asynchronous InternalError that can surface in any
 * later instruction, leaving a half-written entry). So the writer asks before each append, and a
 * write is let through only while the bytes written since the last measurement still fit above the
 * reserve. Measuring (a statfs call) happens at most every {@code checkMillis}, or sooner when the
 * headroom measured last is used up, never per event. The writer asks, and at exit the exit spill,
 * which may overlap a writer still finishing its event: hence the lock (uncontended otherwise).
 *
 * <p>The reserve is {@code disk.min-free}, but at most a tenth of the volume (or {@link #FLOOR_BYTES} on a
 * volume under 2.5 MiB): a 64 MiB reserve on a 16 MiB volume would record nothing at all.
 */
final class DiskSpace {
    /** What a small volume keeps free at least: room for Chronicle's index pages and one large record. */
    static final long FLOOR_BYTES = 256 << 10;
    /** Kept free whatever {@code disk.min-free} says: Chronicle claims index pages beyond the entries it writes. */
    static final long HARD_MIN_BYTES = 128 << 10;
    /** Bytes Chronicle may touch beyond an entry's own: its header, alignment and its index slot. */
    static final int ENTRY_OVERHEAD = 64;

    /** The file system under the journal; a seam for tests. */
    interface Volume {
        long totalBytes();

        long usableBytes();
    }

    private final String directory;
    private final Volume volume;
    private final long configuredReserve;
    private final long checkMillis;
    private final Consumer<String> warn;

    private long reserve = -1;
    private long volumeBytes;
    /** Bytes that may still be written before the space must be measured again. */
    private long headroom;
    private long nextCheck;
    private boolean measured;
    private boolean low;

    DiskSpace(String directory, Volume volume, long configuredReserve, long checkMillis, Consumer<String> warn) {
        this.directory = directory;
        this.volume = volume;
        this.configuredReserve = Math.max(0, configuredReserve);
        this.checkMillis = Math.max(1, checkMillis);
        this.warn = warn;
    }

    /**
     * The reserve on this volume: {@code disk.min-free}, but at most a tenth of the volume (or the
     * floor, on a small one), and never below {@link #HARD_MIN_BYTES}.
     */
    static long reserveFor(long configured, long volumeBytes) {
        return Math.max(HARD_MIN_BYTES, Math.min(configured, Math.max(volumeBytes / 10, FLOOR_BYTES)));
    }

    static Volume of(File directory) {
        return new Volume() {
            @Override
            public long totalBytes() {
                return directory.getTotalSpace();
            }

            @Override
            public long usableBytes() {
                return directory.getUsableSpace(); // 0 when the directory vanished: also a stop
            }
        };
    }

    /**
     * True while the file system is at its reserve: the caller drops the event without encoding it.
     * Measures again when the last measurement is {@code checkMillis} old, so recording resumes
     * once space is freed.
     */
    synchronized boolean full(long nowMillis) {
        if (!measured || nowMillis - nextCheck >= 0) {
            measure(nowMillis);
        }
        return low;
    }

    /**
     * True when an entry of {@code bytes} may be appended now, and counts it against the headroom;
     * measures again first when the headroom measured last would be used up. False: drop it.
     */
    synchronized boolean take(long bytes, long nowMillis) {
        long needed = bytes + ENTRY_OVERHEAD;
        if (needed > headroom) {
            long usable = measure(nowMillis);
            if (needed > headroom) {
                // Not even this entry fits above the reserve: the disk is as full as the journal may
                // make it. Smaller entries wait for the next measurement too, so that a full disk
                // costs one statfs per check period, not one per event.
                lowNow(true, usable);
                return false;
            }
        }
        headroom -= needed;
        return true;
    }

    /** Measures the free space, sets the headroom above the reserve, and returns the usable bytes. */
    private long measure(long nowMillis) {
        measured = true;
        nextCheck = nowMillis + checkMillis;
        if (reserve < 0) {
            volumeBytes = volume.totalBytes();
            reserve = reserveFor(configuredReserve, volumeBytes);
        }
        long usable = volume.usableBytes();
        headroom = usable - reserve;
        // Once stopped, resume only with room for more than a record or two: no warning line per
        // check period while the disk hovers at the reserve.
        lowNow(low ? headroom < resumeMargin() : headroom <= 0, usable);
        return usable;
    }

    private void lowNow(boolean nowLow, long usable) {
        if (nowLow && !low) {
            warn.accept("egressguard: journal " + directory + " has " + size(Math.max(usable, 0)) + " free, at its "
                    + size(reserve) + " reserve (disk.min-free, at most a tenth of the " + size(volumeBytes)
                    + " volume); dropping events until space is freed");
        } else if (!nowLow && low) {
            warn.accept("egressguard: journal " + directory + " has " + size(usable) + " free again; recording resumes");
        }
        low = nowLow;
    }

    private long resumeMargin() {
        return Math.max(reserve / 4, 64 << 10);
    }

    boolean low() {
        return low;
    }

    long reserve() {
        return reserve;
    }

    /** A size for a person: bytes, KiB, MiB or GiB, never "0 MiB" for a few hundred KiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < (1 << 20)) {
            return (bytes >> 10) + " KiB";
        }
        if (bytes < (1L << 30)) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
