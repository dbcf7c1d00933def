package io.egressguard.agent.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.event.Event;
import io.egressguard.event.EventIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatFolderTest {
    private final List<Event> sink = new ArrayList<>();

    private static Event event() {
        Event e = new Event();
        e.id = EventIds.next(System.currentTimeMillis());
        e.host = "h";
        return e;
    }

    /** What the handler does: fold, or record a first attempt. */
    private static String attempt(RepeatFolder f, String key, long now) {
        String folded = f.fold(key, now);
        if (folded != null) {
            return folded;
        }
        Event e = event();
        f.record(e, key, now);
        return e.id;
    }

    @Test
    void firstAttemptIsRecordedAtOnceAndRepeatsCountIntoOneMoreRecord() {
        RepeatFolder f = new RepeatFolder(sink::add, 1000);
        String first = attempt(f, "k", 0);
        assertEquals(1, sink.size());
        for (int i = 1; i < 100; i++) {
            assertEquals(first, attempt(f, "k", i * 1_000_000L), "a folded block cites the recorded event");
        }
        assertEquals(1, sink.size(), "repeats wait for the window to end");
        f.flush(500_000_000L, false);
        assertEquals(1, sink.size(), "window still open");
        f.flush(1_000_000_000L, false);
        assertEquals(2, sink.size());
        assertEquals(99, sink.get(1).count);
        assertEquals("h", sink.get(1).host, "the count record describes the same attempt");
        assertNotEquals(first, sink.get(1).id);
        assertEquals(1, sink.get(0).count, "the first record is not changed afterwards");
        assertEquals(100, sink.stream().mapToInt(e -> e.count).sum());
        assertEquals(0, f.openWindows());
    }

    @Test
    void aWindowThatEndedBeforeTheFlusherCameStillTellsItsCount() {
        RepeatFolder f = new RepeatFolder(sink::add, 1000);
        int attempts = 0;
        for (long t = 0; t < 3_500_000_000L; t += 10_000_000L) { // 3.5 windows, the flusher never runs
            attempt(f, "k", t);
            attempts++;
        }
        assertEquals(4 + 3, sink.size(), "four first attempts, and the count records of the three windows they replaced");
        f.flush(3_500_000_000L, false);
        assertEquals(7, sink.size(), "the last window is still open");
        f.flush(0, true);
        assertEquals(attempts, sink.stream().mapToInt(e -> e.count).sum());
        assertEquals(0, f.openWindows());
    }

    @Test
    void aWindowIsToldOnceWhenTheFlusherAndANewAttemptMeet() {
        RepeatFolder f = new RepeatFolder(sink::add, 1000);
        attempt(f, "k", 0);
        attempt(f, "k", 1);
        attempt(f, "k", 1_000_000_000L); // ended: replaces the window, tells its count
        f.flush(1_000_000_000L, false); // the replaced window is gone; the new one is young
        f.flush(0, true);
        assertEquals(List.of(1, 1, 1), sink.stream().map(e -> e.count).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void aSingleAttemptMakesExactlyOneRecord() {
        RepeatFolder f = new RepeatFolder(sink::add, 1000);
        attempt(f, "k", 0);
        f.flush(5_000_000_000L, false);
        f.flush(0, true);
        assertEquals(1, sink.size());
        assertEquals(1, sink.get(0).count);
    }

    @Test
    void differentKeysAndLaterWindowsAreSeparateRecords() {
        RepeatFolder f = new RepeatFolder(sink::add, 1000);
        attempt(f, "a", 0);
        attempt(f, "b", 0);
        attempt(f, "a", 2_000_000_000L);
        assertEquals(3, sink.size());
    }

    @Test
    void shutdownFlushesOpenWindows() {
        RepeatFolder f = new RepeatFolder(sink::add, 60_000);
        attempt(f, "a", 0);
        attempt(f, "a", 1);
        attempt(f, "a", 2);
        f.flush(3, true);
        assertEquals(2, sink.size());
        assertEquals(2, sink.get(1).count);
    }

    @Test
    void aZeroWindowRecordsEverything() {
        RepeatFolder f = new RepeatFolder(sink::add, 0);
        for (int i = 0; i < 5; i++) {
            attempt(f, "a", i);
        }
        assertEquals(5, sink.size());
        assertEquals(0, f.openWindows());
    }

    /**
     * Issue 19, failure 1: each window keeps its first event (stack and all) until it ends, and the
     * table had no bound: a flood of distinct names kept ~51k windows alive at -Xmx64m. Now they may
     * hold table.bytes; beyond it a first attempt is recorded without a window, and nothing is lost.
     */
    @Test
    void theWindowsHoldAtMostTheirBytesAndAttemptsBeyondAreStillRecorded() {
        RepeatFolder f = new RepeatFolder(sink::add, 60_000, 64 << 10);
        for (int i = 0; i < 10_000; i++) {
            attempt(f, "distinct-" + i, i);
        }
        assertTrue(f.bytes() <= 64 << 10, "bytes " + f.bytes());
        assertTrue(f.openWindows() > 10 && f.openWindows() < 200, "windows " + f.openWindows());
        assertEquals(10_000, sink.size(), "every first attempt recorded");
        int before = sink.size();
        for (int i = 0; i < 5; i++) {
            attempt(f, "distinct-9999", 20_000 + i); // no window: repeats are recorded one by one
        }
        assertEquals(before + 5, sink.size());
        f.flush(0, true);
        assertEquals(0, f.bytes(), "closed windows give back their bytes");
        assertEquals(10_005, sink.stream().mapToInt(e -> e.count).sum());
    }

    @Test
    void aSinkThatFailsCostsCountsThatAreToldAsLostNotTheFlushersLife() {
        long[] lost = {0};
        RepeatFolder f = new RepeatFolder(new EventSink() {
            @Override
            public boolean offer(Event event) {
                if (event.count > 1) {
                    throw new OutOfMemoryError("test");
                }
                return sink.add(event);
            }

            @Override
            public void lost(long attempts) {
                lost[0] += attempts;
            }
        }, 1000);
        for (int i = 0; i < 10; i++) {
            attempt(f, "k", i);
        }
        f.flush(2_000_000_000L, false); // must not throw
        assertEquals(1, sink.size());
        assertEquals(9, lost[0], "the repeats whose record could not be offered");
        assertEquals(0, f.openWindows());
    }
}
