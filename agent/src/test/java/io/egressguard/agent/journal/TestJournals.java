package io.egressguard.agent.journal;

import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Journals whose writer appends to memory instead of a Chronicle queue, for tests in other packages. */
public final class TestJournals {
    private TestJournals() {
    }

    /** What an in-memory journal's writer appended. */
    public static final class Records {
        private final List<byte[]> appended = new CopyOnWriteArrayList<>();

        /**
         * One event per id, as a store keeps them: the exit spill writes again the event the writer
         * holds, which the writer may also finish writing.
         */
        public List<Event> events() throws CorruptEventException {
            Map<String, Event> byId = new LinkedHashMap<>();
            for (byte[] r : appended) {
                Event e = EventCodec.decode(r);
                byId.putIfAbsent(e.id, e);
            }
            return new ArrayList<>(byId.values());
        }
    }

    /** A journal in {@code parent} (its jvm.json only) whose records go to {@code into}. */
    public static Journal inMemory(Path parent, JournalSettings settings, Records into, Consumer<String> warn) {
        JournalSink sink = new JournalSink() {
            @Override
            public void append(byte[] record, int length) {
                into.appended.add(java.util.Arrays.copyOf(record, length));
            }

            @Override
            public void close() {
            }
        };
        JournalSink.Factory factory = (directory, w) -> sink;
        return Journal.open(parent, TestEvents.jvm(), settings, warn, factory, factory);
    }
}
