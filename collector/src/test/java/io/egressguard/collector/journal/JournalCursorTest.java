package io.egressguard.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.Journals;
import io.egressguard.collector.store.Damage;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cursor over journals Chronicle wrote: the format facts it relies on, cycles, older agents' records, damage at a cycle's end. */
class JournalCursorTest {
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_790_000_000_000L / HOUR * HOUR;

    @TempDir
    Path tmp;

    @Test
    void readsFramedRecordsAcrossCyclesWithChroniclesIndexes() {
        Path dir = tmp.resolve("jvm-a");
        List<Long> first = Journals.appendEventsAt(dir, T0 + 10, Journals.events(300, T0 * 1_000_000, "a.example.com"));
        List<Long> second = Journals.appendEventsAt(dir, T0 + HOUR + 10, Journals.events(5, T0 * 1_000_000, "b.example.com"));
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        assertEquals(all, indexes(dir, -1));
        assertEquals(second.get(4), JournalCursor.lastIndexOf(new JournalDir("jvm-a", dir)));
        assertEquals(second, indexes(dir, first.get(299)), "a store that committed the first cycle reads only the second");
        assertEquals(305, JournalExtent.countAfter(new JournalDir("jvm-a", dir), null));
        assertEquals(5 + 100, JournalExtent.countAfter(new JournalDir("jvm-a", dir), first.get(199)));
    }

    @Test
    void anOlderAgentsUnframedRecordsAreReadWithTheSameIndexes() {
        Path dir = tmp.resolve("jvm-a");
        List<byte[]> records = new ArrayList<>();
        for (Event e : Journals.events(20, T0 * 1_000_000, "a.example.com")) {
            records.add(EventCodec.encode(e));
        }
        List<Long> written = Journals.appendUnframed(dir, records);
        JournalCursor cursor = new JournalCursor(new JournalDir("jvm-a", dir));
        for (int i = 0; i < 20; i++) {
            JournalCursor.Entry e = cursor.next(-1);
            assertEquals(written.get(i), e.index());
            assertEquals(new String(records.get(i)), new String(e.json()));
            assertTrue(!e.checked());
        }
        assertNull(cursor.next(-1));
        assertNull(cursor.pollLost());
    }

    @Test
    void chroniclesWritePositionIsTheNewestDocument() throws Exception {
        Path dir = tmp.resolve("jvm-a");
        List<Long> written = Journals.appendEvents(dir, Journals.events(50, T0 * 1_000_000, "a.example.com"));
        Path file = cycleFiles(dir).get(0);
        try (CycleFile cycle = new CycleFile(file, CycleFiles.cycleOfIndex(written.get(0)))) {
            long wp = cycle.writePosition();
            assertTrue(cycle.intactRecordAt((int) wp));
            assertEquals(written.get(49), cycle.recordIndex((int) wp));
        }
    }

    /** Damage that runs to the end of a finished cycle: the rest of it is reported (number unknown), the next cycle read whole. */
    @Test
    void damageAtTheEndOfAFinishedCycleCostsThatCycleOnly() throws Exception {
        Path dir = tmp.resolve("jvm-a");
        List<Long> first = Journals.appendEventsAt(dir, T0 + 10, Journals.events(10, T0 * 1_000_000, "a.example.com"));
        List<Long> second = Journals.appendEventsAt(dir, T0 + HOUR + 10, Journals.events(3, T0 * 1_000_000, "b.example.com"));
        Path older = cycleFiles(dir).get(0);
        int last = lastDataHeader(older);
        try (RandomAccessFile f = new RandomAccessFile(older.toFile(), "rw")) {
            f.seek(last + 30);
            f.write(0x7f); // inside the last record's JSON
        }
        List<Long> read = new ArrayList<>();
        List<Damage> lost = new ArrayList<>();
        JournalCursor cursor = new JournalCursor(new JournalDir("jvm-a", dir));
        for (JournalCursor.Entry e = cursor.next(-1); e != null; e = cursor.next(-1)) {
            read.add(e.index());
            for (Damage d = cursor.pollLost(); d != null; d = cursor.pollLost()) {
                lost.add(d);
            }
        }
        List<Long> expected = new ArrayList<>(first.subList(0, 9));
        expected.addAll(second);
        assertEquals(expected, read);
        assertEquals(1, lost.size(), lost::toString);
        assertEquals(first.get(9), lost.get(0).firstIndex());
        assertEquals(-1, lost.get(0).count());
        assertTrue(lost.get(0).describe().contains("to the end of the cycle"), lost.get(0).describe());
    }

    @Test
    void anEmptyOlderCycleFileIsReportedAndTheNextOneRead() throws Exception {
        Path dir = tmp.resolve("jvm-a");
        Journals.appendEventsAt(dir, T0 + 10, Journals.events(10, T0 * 1_000_000, "a.example.com"));
        List<Long> second = Journals.appendEventsAt(dir, T0 + HOUR + 10, Journals.events(3, T0 * 1_000_000, "b.example.com"));
        try (RandomAccessFile f = new RandomAccessFile(cycleFiles(dir).get(0).toFile(), "rw")) {
            f.setLength(0);
        }
        JournalCursor cursor = new JournalCursor(new JournalDir("jvm-a", dir));
        List<Long> read = new ArrayList<>();
        for (JournalCursor.Entry e = cursor.next(-1); e != null; e = cursor.next(-1)) {
            read.add(e.index());
        }
        assertEquals(second, read);
        Damage d = cursor.pollLost();
        assertTrue(d != null && d.reason().contains("empty (0 bytes)"), String.valueOf(d));
    }

    private List<Long> indexes(Path dir, long skipThrough) {
        List<Long> out = new ArrayList<>();
        JournalCursor cursor = new JournalCursor(new JournalDir(dir.getFileName().toString(), dir));
        if (skipThrough >= 0) {
            cursor.startAtCycleOf(skipThrough);
        }
        for (JournalCursor.Entry e = cursor.next(skipThrough); e != null; e = cursor.next(skipThrough)) {
            assertTrue(e.checked());
            out.add(e.index());
        }
        assertNull(cursor.pollLost());
        return out;
    }

    private static List<Path> cycleFiles(Path dir) {
        return CycleFiles.list(dir).stream().map(CycleFiles.Entry::path).toList();
    }

    private static int lastDataHeader(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        int last = -1;
        while (p + 4 <= b.limit()) {
            int h = b.getInt(p);
            if (h == 0 || h == CycleFile.END_OF_CYCLE) {
                break;
            }
            if ((h & CycleFile.META_DATA) == 0) {
                last = p;
            }
            p = (int) CycleFile.next(p, h);
        }
        return last;
    }
}
