package io.egressguard.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full ring degrades to aggregates (overflow records), and only what even they cannot hold is dropped, in attempts. */
class JournalOverflowTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    /** A journal whose writer took one event and is held in its append until {@code sink.gate} opens: the ring fills. */
    private Journal held(JournalTest.RecordingSink sink, JournalSettings settings) throws Exception {
        sink.gate = new CountDownLatch(1);
        Journal journal = Journal.open(tmp, TestEvents.jvm(), settings, warnings::add, sink, sink);
        assertTrue(journal.offer(TestEvents.event(-1, 200)));
        assertTrue(sink.entered.await(5, TimeUnit.SECONDS));
        return journal;
    }

    private static List<Event> decoded(JournalTest.RecordingSink sink) throws Exception {
        List<Event> out = new ArrayList<>();
        for (byte[] r : sink.records) {
            out.add(EventCodec.decode(r));
        }
        return out;
    }

    @Test
    void aBurstOfDistinctDestinationsBeyondTheRingKeepsEveryDestination() throws Exception {
        JournalTest.RecordingSink sink = new JournalTest.RecordingSink();
        Journal journal = held(sink, JournalSettings.defaults().withRingCapacity(16));
        for (int i = 0; i < 3000; i++) {
            assertTrue(journal.offer(TestEvents.event(i, 200)), "attempt " + i + " is kept, in the ring or the table");
        }
        assertEquals(0, journal.dropped());
        sink.gate.countDown();
        assertTrue(journal.flush(10_000));
        List<Event> records = decoded(sink);
        Set<String> hosts = new HashSet<>();
        int overflow = 0;
        long attempts = 0;
        for (Event e : records) {
            hosts.add(e.host);
            attempts += e.count;
            if (e.overflow) {
                overflow++;
                assertTrue(e.firstTime > 0 && e.firstTime <= e.time, "first and last time");
                assertFalse(e.stack.isEmpty(), "the first attempt's stack");
            }
        }
        assertEquals(3001, hosts.size(), "every destination has a record");
        assertEquals(3001, attempts);
        assertTrue(overflow >= 3000 - 16, "the ring held 16, the rest went to the table: " + overflow);
        journal.close();
        assertEquals(List.of(), warnings);
    }

    @Test
    void repeatsBeyondTheRingBecomeOneRecordWithTheirCount() throws Exception {
        JournalTest.RecordingSink sink = new JournalTest.RecordingSink();
        Journal journal = held(sink, JournalSettings.defaults().withRingCapacity(16));
        long first = 0;
        for (int i = 0; i < 1000; i++) {
            Event e = TestEvents.event(7, 200); // one destination, one call site
            e.time = 1_000_000_000L + i;
            e.count = 3; // a fold window's count record stands for three attempts
            assertTrue(journal.offer(e));
        }
        sink.gate.countDown();
        assertTrue(journal.flush(10_000));
        List<Event> records = decoded(sink);
        long attempts = 0;
        List<Event> aggregates = new ArrayList<>();
        for (Event e : records) {
            attempts += e.count;
            if (e.overflow) {
                aggregates.add(e);
            }
        }
        assertEquals(1 + 3000, attempts, "every attempt counted, none dropped");
        assertEquals(1, aggregates.size(), "one aggregate for one destination and call site");
        Event a = aggregates.get(0);
        assertEquals(3 * (1000 - 16), a.count);
        assertEquals(1_000_000_000L + 16, a.firstTime, "the first attempt the ring had no room for");
        assertEquals(1_000_000_000L + 999, a.time, "the last");
        assertEquals("tracker7.example.com", a.host);
        journal.close();
    }

    @Test
    void whatEvenTheTableCannotHoldIsDroppedInAttemptsNotRecords() throws Exception {
        JournalTest.RecordingSink sink = new JournalTest.RecordingSink();
        Journal journal = held(sink, JournalSettings.defaults().withRingCapacity(2).withOverflowBytes(1));
        assertTrue(journal.offer(TestEvents.event(1, 200)));
        assertTrue(journal.offer(TestEvents.event(2, 200)));
        Event folded = TestEvents.event(3, 200);
        folded.count = 50;
        assertFalse(journal.offer(folded), "ring full, and no room in the table for a new key");
        assertEquals(50, journal.dropped(), "the record stood for 50 attempts");
        sink.gate.countDown();
        assertTrue(journal.flush(5000));
        Event next = TestEvents.event(4, 200);
        assertTrue(journal.offer(next));
        assertTrue(journal.flush(5000));
        long told = 0;
        for (Event e : decoded(sink)) {
            told += e.dropped;
        }
        assertEquals(50, told, "the records tell the 50");
        journal.close();
    }

    @Test
    void aClosedJournalCountsTheAttemptsOfWhatItRefuses() {
        JournalTest.RecordingSink sink = new JournalTest.RecordingSink();
        Journal journal = Journal.open(tmp, TestEvents.jvm(), JournalSettings.defaults(), warnings::add, sink, sink);
        journal.close();
        Event e = TestEvents.event(1, 200);
        e.count = 9;
        assertFalse(journal.offer(e));
        assertEquals(9, journal.dropped());
    }

    @Test
    void theTableIsBoundedByItsBytesAndAKnownKeyAlwaysFits() {
        java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();
        OverflowTable table = new OverflowTable(64 << 10, dropped);
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            if (table.add(TestEvents.event(i, 200))) {
                kept++;
            }
        }
        assertTrue(table.bytes() <= 64 << 10, "bytes " + table.bytes());
        assertEquals(kept, table.size());
        assertTrue(kept > 50 && kept < 10_000, "kept " + kept);
        for (int i = 0; i < 1000; i++) {
            assertTrue(table.add(TestEvents.event(0, 200)), "a known key only counts");
        }
        assertEquals(kept + 1000, table.pendingAttempts());
        long polled = 0;
        for (Event e = table.poll(); e != null; e = table.poll()) {
            assertTrue(e.overflow);
            polled += e.count;
        }
        assertEquals(kept + 1000, polled);
        assertEquals(0, table.bytes());
        assertEquals(0, table.pendingAttempts());
    }
}
