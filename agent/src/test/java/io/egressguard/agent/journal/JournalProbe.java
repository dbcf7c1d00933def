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
        int written = count;
        // The first events go to the spill file while Chronicle opens on its own thread: go on,
        // one event at a time, until Chronicle has appended one (its cycle file), or fail.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (count > 0 && !hasCycleFile(journal.directory())) {
            if (System.nanoTime() > deadline) {
                fail(6, "Chronicle appended nothing in 30 s");
            }
            Event e = TestEvents.event(written++, 1024);
            ids.add(e.id);
            journal.offer(e);
            journal.flush(30_000);
            Thread.sleep(20);
        }
        journal.close();
        if (journal.written() != written || journal.dropped() != 0) {
            fail(2, "written " + journal.written() + " of " + written + ", dropped " + journal.dropped());
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
        readBack(journal, ids);
    }

    /** A separate method: JournalProbe's own verification must not pull in Chronicle's types. */
    private static void readBack(Journal journal, Set<String> ids) throws Exception {
        List<Event> back = QueueReader.readAll(journal.directory());
        Set<String> backIds = new HashSet<>();
        for (Event e : back) {
            backIds.add(e.id);
        }
        if (!backIds.equals(ids)) {
            fail(5, "read back " + backIds.size() + " of " + ids.size() + " events");
        }
        for (Event e : back) {
            if (!ids.contains(e.id)) {
                fail(5, "unknown event read back: " + e.id);
            }
        }
    }

    private static boolean hasCycleFile(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".cq4"));
        }
    }

    private static void fail(int code, String message) {
        System.err.println("PROBE " + message);
        System.exit(code);
    }
}
