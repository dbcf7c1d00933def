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

/** {@code events --format table} takes its width from $COLUMNS, which only a real process can be given. */
class EventsTableIT {
    @TempDir
    Path tmp;

    @Test
    void theTableFitsColumnsFromTheEnvironment() throws Exception {
        Path queue = tmp.resolve("queue");
        List<Event> events = Journals.events(5, 1_780_000_000_000_000_000L, "a-rather-long-host-name.metrics.tracker.example.com");
        events.forEach(e -> e.culprit.frame = "com.example.deeply.nested.pkg.TelemetryClient.sendBatch(TelemetryClient.java:4242)");
        Journals.appendEvents(queue.resolve("jvm-a"), events);
        Path db = tmp.resolve("e.db");
        assertEquals(0, CliRun.run("drain", "--queue", queue.toString(), "--store", "sqlite:" + db).code());

        Path jar = Path.of(System.getProperty("egressguard.collector.jar", "target/egressguard-collector.jar"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString(), "events", "--store", "sqlite:" + db, "--format", "table")
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
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
