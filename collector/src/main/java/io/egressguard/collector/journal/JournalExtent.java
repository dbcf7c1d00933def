package io.egressguard.collector.journal;

import java.io.IOException;
import java.util.List;

/**
 * How far a journal reaches, without reading it through: the newest document of each cycle file
 * (Chronicle's write position) states its own index, so a cycle's count is its last sequence + 1.
 * A cycle whose newest record cannot be vouched for is counted by walking it.
 */
final class JournalExtent {
    private JournalExtent() {
    }

    /** The index of the newest entry, or -1 when there is none. */
    static long lastIndex(JournalDir journal) {
        List<CycleFiles.Entry> cycles = CycleFiles.list(journal.dir());
        for (int i = cycles.size() - 1; i >= 0; i--) {
            long last = lastOf(journal, cycles.get(i));
            if (last >= 0) {
                return last;
            }
        }
        return -1;
    }

    /** Entries after {@code committed} (all when null) up to the newest. */
    static long countAfter(JournalDir journal, Long committed) {
        long count = 0;
        for (CycleFiles.Entry c : CycleFiles.list(journal.dir())) {
            if (committed != null && c.cycle() < CycleFiles.cycleOfIndex(committed)) {
                continue;
            }
            long last = lastOf(journal, c);
            if (last < 0) {
                continue;
            }
            long first = committed != null && c.cycle() == CycleFiles.cycleOfIndex(committed)
                    ? committed + 1 : CycleFiles.index(c.cycle(), 0);
            count += Math.max(0, last - first + 1);
        }
        return count;
    }

    private static long lastOf(JournalDir journal, CycleFiles.Entry cycle) {
        try (CycleFile file = new CycleFile(cycle.path(), cycle.cycle())) {
            long wp = file.writePosition();
            if (wp >= 0 && wp < file.size() && file.intactRecordAt((int) wp)) {
                return file.recordIndex((int) wp);
            }
        } catch (IOException e) {
            return -1;
        }
        return walk(journal, cycle);
    }

    /** The last index a cursor reaches in one cycle. */
    private static long walk(JournalDir journal, CycleFiles.Entry cycle) {
        long last = -1;
        try (JournalCursor cursor = new JournalCursor(journal)) {
            cursor.startAtCycleOf(CycleFiles.index(cycle.cycle(), 0));
            for (JournalCursor.Entry e = cursor.next(-1); e != null && CycleFiles.cycleOfIndex(e.index()) == cycle.cycle();
                    e = cursor.next(-1)) {
                last = e.index();
            }
        }
        return last;
    }
}
