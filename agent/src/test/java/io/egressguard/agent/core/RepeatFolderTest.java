package io.egressguard.agent.core;

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
        return e;
    }

    @Test
    void firstAttemptIsRecordedAtOnceAndRepeatsCountIntoOneMoreRecord() {
        RepeatFolder f = new RepeatFolder(sink::add, 1000);
        long t = 0;
        String first = f.record(event(), "k", t);
        assertEquals(1, sink.size());
        for (int i = 1; i < 100; i++) {
            assertEquals(first, f.record(event(), "k", t + i * 1_000_000L), "a folded block cites the recorded event");
        }
        assertEquals(1, sink.size(), "repeats wait for the window to end");
        f.flush(t + 500_000_000L, false);
        assertEquals(1, sink.size(), "window still open");
        f.flush(t + 1_000_000_000L, false);
        assertEquals(2, sink.size());
        assertEquals(99, sink.get(1).count);
        assertNotEquals(first, sink.get(1).id);
        assertEquals(100, sink.stream().mapToInt(e -> e.count).sum());
        assertEquals(0, f.openWindows());
    }

    @Test
    void aSingleAttemptMakesExactlyOneRecord() {
        RepeatFolder f = new RepeatFolder(sink::add, 1000);
        f.record(event(), "k", 0);
        f.flush(5_000_000_000L, false);
        f.flush(0, true);
        assertEquals(1, sink.size());
        assertEquals(1, sink.get(0).count);
    }

    @Test
    void differentKeysAndLaterWindowsAreSeparateRecords() {
        RepeatFolder f = new RepeatFolder(sink::add, 1000);
        f.record(event(), "a", 0);
        f.record(event(), "b", 0);
        f.record(event(), "a", 2_000_000_000L);
        assertEquals(3, sink.size());
    }

    @Test
    void shutdownFlushesOpenWindows() {
        RepeatFolder f = new RepeatFolder(sink::add, 60_000);
        f.record(event(), "a", 0);
        f.record(event(), "a", 1);
        f.record(event(), "a", 2);
        f.flush(3, true);
        assertEquals(2, sink.size());
        assertEquals(2, sink.get(1).count);
    }

    @Test
    void aZeroWindowRecordsEverything() {
        RepeatFolder f = new RepeatFolder(sink::add, 0);
        for (int i = 0; i < 5; i++) {
            f.record(event(), "a", i);
        }
        assertEquals(5, sink.size());
    }
}
