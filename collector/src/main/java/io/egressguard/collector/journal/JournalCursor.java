package io.egressguard.collector.journal;

import io.egressguard.collector.store.Damage;
import io.egressguard.event.JournalRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Walks a journal's records across its cycle files, checking each one, and moves past damage to the
 * next intact record. Every framed record states its own index, so a gap between the index expected
 * and the one found names exactly the entries that were lost, however the damage hid them (a
 * flipped length, a zeroed block, a torn file). Reads only; any number may walk one journal.
 */
public final class JournalCursor implements AutoCloseable {
    /** A record read: its index, its event's JSON, and whether a checksum vouched for it (older agents wrote none). */
    public record Entry(long index, byte[] json, boolean checked, String cycleFile) {
    }

    /** A zero-length newest cycle file younger than this may be one Chronicle is creating right now. */
    private static final long YOUNG_FILE_MILLIS = 2000;

    private final JournalDir journal;
    private final Deque<Damage> lost = new ArrayDeque<>();
    private CycleFile file;
    private int position;
    /** The index expected next in the current cycle. */
    private long expected;
    /** The last index read or passed over; -1 before any. */
    private long last = -1;
    /** Why the cursor had to look for the next intact record; null while all is well. */
    private String trouble;
    /** The cycle file has been reported as ending early; nothing more comes from it. */
    private boolean torn;
    /** The newest cycle done with; the next file opened is a later one. */
    private int doneCycle = Integer.MIN_VALUE;

    public JournalCursor(JournalDir journal) {
        this.journal = journal;
    }

    /** Starts at the cycle of {@code index}: nothing before it is read. */
    public void startAtCycleOf(long index) {
        doneCycle = CycleFiles.cycleOfIndex(index) - 1;
    }

    /** The index of a journal's newest entry, or -1 when it has none. */
    public static long lastIndexOf(JournalDir journal) {
        return JournalExtent.lastIndex(journal);
    }

    /** The last index read or passed over, or -1. */
    long last() {
        return last;
    }

    /** Entries lost since the last call, oldest first. */
    public Damage pollLost() {
        return lost.poll();
    }

    /**
     * The next intact entry, or null when there is none yet (damage met on the way is queued for
     * {@link #pollLost}). Entries up to and including {@code skipThrough} are passed over.
     */
    public Entry next(long skipThrough) {
        for (;;) {
            if (file == null && !openNext()) {
                return null;
            }
            try {
                Entry e = step();
                if (e == null) {
                    if (file != null) {
                        return null; // at the live end
                    }
                    continue; // the cycle ended: on to the next
                }
                if (e.index <= skipThrough) {
                    continue;
                }
                return e;
            } catch (IOException | RuntimeException e) {
                // a file that vanished (retention) or cannot be mapped: report and move on
                if (!laterCycleExists()) {
                    return null;
                }
                lose(expected, -1, "cycle file cannot be read: " + e.getMessage());
                closeFile();
            }
        }
    }

    private Entry step() throws IOException {
        for (;;) {
            int size = file.size();
            if (torn) {
                return stuck();
            }
            if (size == 0) {
                if (file.remap()) {
                    continue;
                }
                if (laterCycleExists() || file.olderThan(YOUNG_FILE_MILLIS, System.currentTimeMillis())) {
                    lose(expected, -1, "the cycle file is empty (0 bytes)");
                    closeFile();
                }
                return null;
            }
            if (position + 4L > size) {
                if (file.remap()) {
                    continue;
                }
                return endOfFile();
            }
            int h = file.header(position);
            if (h == CycleFile.END_OF_CYCLE) {
                closeFile();
                return null;
            }
            if (h == 0 || (h & CycleFile.NOT_COMPLETE) != 0) {
                // nothing written here yet, or being written; unless Chronicle says more lies beyond
                if (!writtenBeyond(position)) {
                    return null;
                }
                if (!resync(h == 0 ? position : position + 4, h == 0 ? "zeroed data" : "a record left unfinished")) {
                    return stuck();
                }
                continue;
            }
            long next = CycleFile.next(position, h);
            if (next > size && !file.remap() && next > file.size()) {
                if (!resync(position + 4, "a length beyond the end of the file")) {
                    return stuck();
                }
                continue;
            }
            if ((h & CycleFile.META_DATA) != 0) {
                position = (int) next;
                continue;
            }
            int length = h & CycleFile.LENGTH_MASK;
            if (file.intactRecordAt(position)) {
                long index = file.recordIndex(position);
                if (CycleFiles.cycleOfIndex(index) != file.cycle() || index < expected) {
                    if (!resync(position + 4, "a record out of place")) {
                        return stuck();
                    }
                    continue;
                }
                if (index > expected) {
                    lose(expected, index - 1, trouble == null ? "missing from the file" : trouble);
                }
                trouble = null;
                int at = position;
                position = (int) next;
                expected = index + 1;
                last = index;
                return new Entry(index, file.content(at, JournalRecord.HEADER_BYTES, length), true, file.path().getFileName().toString());
            }
            if (length > 0 && trouble == null && firstByte(position) == '{') {
                long index = expected++;
                last = index;
                int at = position;
                position = (int) next;
                return new Entry(index, file.content(at, 0, length), false, file.path().getFileName().toString());
            }
            if (!resync(position + 4, "a record that fails its checksum")) {
                return stuck();
            }
        }
    }

    private int firstByte(int position) {
        return file.content(position, 0, 1)[0];
    }

    /** Moves to the next intact record at or after {@code from}; false when there is none (yet). */
    private boolean resync(long from, String why) {
        if (trouble == null) {
            trouble = why;
        }
        long wp = file.writePosition();
        long limit = laterCycleExists() || wp < 0 ? file.size() : wp;
        int found = file.findRecord(from, limit);
        if (found < 0) {
            return false;
        }
        position = found;
        return true;
    }

    /** Whether Chronicle's write position says documents start beyond {@code position}. */
    private boolean writtenBeyond(int position) {
        long wp = laterCycleExists() ? -1 : file.writePosition();
        if (wp < 0) {
            // a finished cycle, or Chronicle's own header is unreadable: only a search can tell
            return file.findRecord(position, file.size()) >= 0;
        }
        return wp > position;
    }

    /** The end of a cycle file with no end marker: a later cycle means it was cut short, or its writer died. */
    private Entry endOfFile() {
        if (!laterCycleExists() && file.writePosition() < file.size()) {
            return null; // Chronicle grows its files before it writes: wait
        }
        return stuck();
    }

    /**
     * No intact record after the trouble. In a finished cycle (a later one exists) what remains is
     * lost; where Chronicle's write position lies beyond the file's end, the file was cut short; a
     * live cycle may yet go on, so wait.
     */
    private Entry stuck() {
        if (torn) {
            return laterCycleExists() ? closeAndNext() : null;
        }
        if (laterCycleExists()) {
            if (trouble != null) {
                lose(expected, -1, trouble);
            }
            return closeAndNext();
        }
        if (file.writePosition() >= file.size()) {
            lose(expected, -1, "the cycle file ends at " + file.size() + " bytes, cut short");
            torn = true;
        }
        return null;
    }

    private Entry closeAndNext() {
        closeFile();
        return null;
    }

    private void lose(long first, long lastIndex, String why) {
        lost.add(new Damage(journal.name(), file.path().getFileName().toString(), first, lastIndex, why));
        last = Math.max(last, lastIndex >= 0 ? lastIndex : first);
    }

    private boolean laterCycleExists() {
        List<CycleFiles.Entry> cycles = CycleFiles.list(journal.dir());
        return !cycles.isEmpty() && cycles.get(cycles.size() - 1).cycle() > file.cycle();
    }

    /** Opens the first cycle after the current one (or the first of all); false when there is none. */
    private boolean openNext() {
        for (CycleFiles.Entry c : CycleFiles.list(journal.dir())) {
            if (c.cycle() > doneCycle) {
                try {
                    file = new CycleFile(c.path(), c.cycle());
                } catch (IOException e) {
                    continue; // gone meanwhile (retention)
                }
                position = 0;
                expected = CycleFiles.index(c.cycle(), 0);
                trouble = null;
                torn = false;
                return true;
            }
        }
        return false;
    }

    private void closeFile() {
        if (file != null) {
            doneCycle = file.cycle();
            file.close();
            file = null;
        }
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
