package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reading commands as a real process: $COLUMNS from the environment, SIGTERM. */
class ReadCommandsIT {
    private static final long T0 = 1_780_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private ProcessBuilder collector(String... args) {
        Path jar = Path.of(System.getProperty("egressguard.collector.jar", "target/egressguard-collector.jar"));
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        return pb;
    }

    @Test
    void tailFollowsARealJournalAndExitsZeroOnSigterm() throws Exception {
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(3, T0, "old.example.com"));
        Process p = collector("tail", "--queue", queue.toString(), "--poll", "50ms").start();
        awaitContent(tmp.resolve("err.txt"), "tailing 1 journal", p);
        Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(2, T0, "new.example.com"));
        awaitContent(tmp.resolve("out.txt"), "new.example.com:443", p);
        Thread.sleep(200);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tail did not stop on SIGTERM");
        String out = Files.readString(tmp.resolve("out.txt"));
        assertEquals(0, p.exitValue(), out + Files.readString(tmp.resolve("err.txt")));
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.lines().allMatch(l -> l.contains(" new.example.com:443 ")), out);
        assertEquals(1, Files.readString(tmp.resolve("err.txt")).lines().count(), "the start notice only");
    }

    private static void awaitContent(Path file, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(file) && Files.readString(file).contains(text))) {
            assertTrue(p.isAlive(), "exited early: " + (Files.exists(file) ? Files.readString(file) : ""));
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in " + file);
            Thread.sleep(50);
        }
    }

    @Test
    void theTableFitsColumnsFromTheEnvironment() throws Exception {
        Path queue = tmp.resolve("queue");
        List<Event> events = Journals.events(5, T0, "a-rather-long-host-name.metrics.tracker.example.com");
        events.forEach(e -> e.culprit.frame = "com.example.deeply.nested.pkg.TelemetryClient.sendBatch(TelemetryClient.java:4242)");
        Journals.appendEvents(queue.resolve("jvm-a"), events);
        Path db = tmp.resolve("e.db");
        assertEquals(0, CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db).code());

        ProcessBuilder pb = collector("events", "--store", "sqlite:" + db, "--format", "table");
        pb.environment().put("COLUMNS", "80");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "collector did not finish");
        String out = Files.readString(tmp.resolve("out.txt"));
        assertEquals(0, p.exitValue(), out + Files.readString(tmp.resolve("err.txt")));
        List<String> lines = out.lines().toList();
        assertEquals(6, lines.size(), out);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80), out);
        assertTrue(lines.stream().anyMatch(l -> l.length() >= 75), "uses the width it is given:\n" + out);
    }
}
