package io.egressguard.agent.journal;

import io.egressguard.event.Event;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The app side of the forked-JVM tests: {@code JournalProbe <queueParent> <events>} opens a journal,
 * offers the events (none: checks that Chronicle never loads), closes it and reads the queue back.
 * Silent on success; any journal warning goes to stderr; exit codes name the failure.
 */
public final class JournalProbe {
    public static void main(String[] args) throws Exception {
        Path parent = Paths.get(args[0]);
        int count = Integer.parseInt(args[1]);
        Set<String> ids = new HashSet<>();
        Journal journal = Journal.open(parent, TestEvents.jvm(), JournalSettings.defaults(),
                line -> System.err.println("WARN " + line));
        for (int i = 0; i < count; i++) {
            Event e = TestEvents.event(i, 1024);
            ids.add(e.id);
            if (!journal.offer(e)) {
                fail(2, "offer refused event " + i);
            }
        }
        if (!journal.flush(30_000)) {
            fail(2, "flush timed out");
        }
        journal.close();
        if (journal.written() != count || journal.dropped() != 0) {
            fail(2, "written " + journal.written() + ", dropped " + journal.dropped());
        }
        if (System.getProperty("egressguard.canary") != null) {
            fail(3, "a system.properties file was read: egressguard.canary=" + System.getProperty("egressguard.canary"));
        }
        if (System.getProperty(ChronicleQuiet.SYSTEM_PROPERTIES) != null
                || System.getProperty(ChronicleQuiet.BUILD_DIRECTORY) != null) {
            fail(4, "the journal left its temporary System properties set");
        }
        if (count == 0) {
            return; // the caller checks the class-load log: nothing of Chronicle may appear
        }
        readBack(journal, ids, count);
    }

    /** A separate method: JournalProbe's own verification must not pull in Chronicle's types. */
    private static void readBack(Journal journal, Set<String> ids, int count) throws Exception {
        List<Event> back = QueueReader.readAll(journal.directory());
        if (back.size() != count) {
            fail(5, "read back " + back.size() + " of " + count + " events");
        }
        for (Event e : back) {
            if (!ids.contains(e.id)) {
                fail(5, "unknown event read back: " + e.id);
            }
        }
    }

    private static void fail(int code, String message) {
        System.err.println("PROBE " + message);
        System.exit(code);
    }
}
