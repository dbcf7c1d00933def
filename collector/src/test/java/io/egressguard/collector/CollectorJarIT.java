package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the shaded {@code egressguard-collector.jar} as users do: {@code java -jar}, no JVM flags,
 * in an empty working directory, on every JDK in {@code egressguard.it.jdks}. Its output must be
 * its own lines only: no SLF4J, Chronicle or JVM warnings.
 */
class CollectorJarIT {
    private static final long T0 = 1_780_000_000_000_000_000L;
    private static Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("egressguard.collector.jar", "target/egressguard-collector.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is built by 'package' before this test runs");
    }

    static Stream<String> jdks() {
        String homes = System.getProperty("egressguard.it.jdks", System.getProperty("java.home"));
        List<String> usable = Arrays.stream(homes.split(",")).map(String::trim)
                .filter(home -> !home.isEmpty() && Files.isExecutable(Path.of(home, "bin", "java")))
                .distinct().collect(Collectors.toList());
        assertTrue(!usable.isEmpty(), "no JDK found in " + homes);
        return usable.stream();
    }

    record Result(int code, String out, String err) {
    }

    private Process start(String javaHome, Path cwd, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        return pb.start();
    }

    private Result finish(Process p) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "collector did not finish");
        String err = Files.readString(tmp.resolve("err.txt"));
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out.txt")), err);
    }

    private Result run(String javaHome, Path cwd, String... args) throws Exception {
        return finish(start(javaHome, cwd, args));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void drainsEventsAndReportsWithNothingButItsOwnOutput(String javaHome) throws Exception {
        Path queue = tmp.resolve("queue");
        List<Event> a = Journals.events(120, T0, "metrics.tracker.io");
        Journals.appendEvents(queue.resolve("jvm-a"), a);
        List<Event> b = Journals.events(80, T0 + 7, "api.example.com");
        Journals.appendEvents(queue.resolve("jvm-b"), b);
        Path db = tmp.resolve("store/e.db");
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        // A system.properties in the working directory must not reach the collector's Chronicle.
        Files.writeString(cwd.resolve("system.properties"), "chronicle.announcer.disable=false\n");

        Result drain = run(javaHome, cwd, "drain", "--queue", queue.toString(), "--store", "sqlite:" + db);
        assertEquals(new Result(0, "drained 200 new events from 2 journals into sqlite:" + db + "\n", ""), drain);
        Result events = run(javaHome, cwd, "events", "--store", "sqlite:" + db, "--action", "blocked");
        assertEquals(0, events.code(), events::toString);
        assertEquals("", events.err());
        assertEquals(200, events.out().lines().count());
        Result report = run(javaHome, cwd, "report", "--store", "sqlite:" + db);
        assertEquals(0, report.code(), report::toString);
        assertEquals("", report.err());
        assertTrue(report.out().contains("attempts      200 (blocked 200, monitored 0, allowed 0) in 200 records"), report::toString);
        try (Stream<Path> left = Files.list(cwd)) {
            assertEquals(List.of("system.properties"), left.map(p -> p.getFileName().toString()).collect(Collectors.toList()),
                    "nothing written to the working directory");
        }
        Result usage = run(javaHome, cwd, "drain", "--queue", queue.toString(), "--store", "nope");
        assertEquals(2, usage.code());
        assertEquals(1, usage.err().lines().count(), usage::toString);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sigtermStopsFollowAfterCommittingAndExitsZero(String javaHome) throws Exception {
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-a"), Journals.events(50, T0, "a.example.com"));
        Path db = tmp.resolve("e.db");
        Process p = start(javaHome, Files.createDirectories(tmp.resolve("cwd")),
                "drain", "--queue", queue.toString(), "--store", "sqlite:" + db, "--follow", "--poll", "50ms");
        awaitRows(db, 50, p, tmp);
        Journals.appendEvents(queue.resolve("jvm-late"), Journals.events(5, T0, "late.example.com"));
        awaitRows(db, 55, p, tmp);
        p.destroy(); // SIGTERM
        Result result = finish(p);
        assertEquals(new Result(0, "drained 55 new events from 2 journals into sqlite:" + db + "\n", ""), result);
    }

    @Test
    void aCollectorKilledMidDrainLosesAndDuplicatesNothing() throws Exception {
        String javaHome = System.getProperty("java.home");
        Path queue = tmp.resolve("queue");
        int n = 100_000;
        List<Event> events = Journals.events(n, T0, "a.example.com");
        Journals.appendEvents(queue.resolve("jvm-a"), events.subList(0, n / 2));
        Journals.appendEvents(queue.resolve("jvm-b"), events.subList(n / 2, n));
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));

        // Measured: one uninterrupted drain of 100k events.
        Path timed = tmp.resolve("timed.db");
        long start = System.nanoTime();
        Result full = run(javaHome, cwd, "drain", "--queue", queue.toString(), "--store", "sqlite:" + timed);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, full.code(), full::toString);
        System.out.printf("drain of %d events (2 journals, %s) into SQLite: %d ms wall incl. JVM start, %.0f events/s%n",
                n, sizeOf(queue), millis, n * 1000.0 / millis);

        Path db = tmp.resolve("killed.db");
        Process p = start(javaHome, cwd, "drain", "--queue", queue.toString(), "--store", "sqlite:" + db, "--batch-size", "500");
        awaitRows(db, 5_000, p, tmp);
        p.destroyForcibly(); // SIGKILL: no chance to finish the batch
        p.waitFor(30, TimeUnit.SECONDS);
        long before = Db.count(db, "SELECT COUNT(*) FROM events");
        assertTrue(before < n, "killed before the end (" + before + ")");

        Result rest = run(javaHome, cwd, "drain", "--queue", queue.toString(), "--store", "sqlite:" + db);
        assertEquals(0, rest.code(), rest::toString);
        assertEquals("drained " + (n - before) + " new events from 2 journals into sqlite:" + db + "\n", rest.out(),
                "a killed drain committed whole batches with their positions, so the rerun reads each event once");
        Set<String> ids = events.stream().map(e -> e.id).collect(Collectors.toSet());
        assertEquals(ids, new HashSet<>(Db.strings(db, "SELECT id FROM events")));
    }

    private static String sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = files.filter(f -> f.toString().endsWith(".cq4")).mapToLong(f -> f.toFile().length()).sum();
            return bytes / (1024 * 1024) + " MiB of cq4 files";
        }
    }

    /** @param dir where {@link #start} sent the process's output: a failure says what the process said */
    private static void awaitRows(Path db, long n, Process p, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (Files.exists(db) && Db.count(db, "SELECT COUNT(*) FROM events") >= n) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // schema not created yet
            }
            Thread.sleep(10);
        }
        long rows = -1;
        try {
            rows = Files.exists(db) ? Db.count(db, "SELECT COUNT(*) FROM events") : -1;
        } catch (java.sql.SQLException unreadable) {
            // reported as -1
        }
        throw new AssertionError("store did not reach " + n + " events (has " + rows + "); collector alive=" + p.isAlive()
                + (p.isAlive() ? "" : ", exit " + p.exitValue()) + "; its stdout: " + Files.readString(dir.resolve("out.txt"))
                + "; its stderr: " + Files.readString(dir.resolve("err.txt")));
    }

}
