package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaded jar carries the agent's policy engine (and its catalog) and Guava's suffix list: learn a
 * policy from a drained journal, check and explain it, and raise alerts, all through {@code java -jar}.
 */
class PolicyAndAlertsJarIT {
    @TempDir
    Path tmp;

    static java.util.stream.Stream<String> jdks() {
        return CollectorJarIT.jdks();
    }

    record Result(int code, String out, String err) {
    }

    private Result run(String javaHome, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("egressguard.collector.jar", "target/egressguard-collector.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "collector did not finish");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Event event(long t, String host, Action action, Severity severity, String vendor) {
        Event e = Journals.event(t, host, 443, action, 1);
        e.severity = severity;
        e.vendor = vendor;
        return e;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void learnCheckExplainAndAlertFromTheJar(String javaHome) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-1"), List.of(
                event(now - 3_000_000_000L, "a.example.com", Action.MONITORED, Severity.MEDIUM, null),
                event(now - 2_000_000_000L, "b.example.com", Action.MONITORED, Severity.MEDIUM, null),
                event(now - 1_000_000_000L, "telemetry.plane.so", Action.MONITORED, Severity.CRITICAL, "Plane")));
        String store = "sqlite:" + tmp.resolve("e.db");
        Result drain = run(javaHome, "drain", "--queue", queue.toString(), "--store", store, "--alerts");
        assertEquals(0, drain.code(), drain::toString);
        assertTrue(drain.err().contains("egressguard alert critical: an attempt of severity critical: 1 attempt to telemetry.plane.so:443"),
                drain::toString);

        Path policy = tmp.resolve("policy.yaml");
        Result suggest = run(javaHome, "policy", "suggest", "--store", store, "--out", policy.toString());
        assertEquals(new Result(0, "wrote 1 allow rules to " + policy + " (1 catalog destinations seen and left denied)\n", ""), suggest);
        assertTrue(Files.readString(policy).contains("- allow: \"*.example.com\"\n    ports: [443]"));

        Result check = run(javaHome, "policy", "check", policy.toString());
        assertEquals(new Result(0, policy + ": valid, 1 rules\n", ""), check);
        // every attempt came from one dependency, so the suggested rule is that dependency's alone
        assertTrue(Files.readString(policy).contains("from: \"com.example:telemetry\""), () -> read(policy));
        Result explain = run(javaHome, "policy", "explain", policy.toString(), "c.example.com:443", "--from", "com.example:telemetry");
        assertEquals(0, explain.code(), explain::toString);
        assertTrue(explain.out().startsWith("c.example.com:443 from com.example:telemetry: allow, severity low\nrule: policy.yaml:"), explain::toString);
        Result anyoneElse = run(javaHome, "policy", "explain", policy.toString(), "c.example.com:443");
        assertTrue(anyoneElse.out().startsWith("c.example.com:443: deny"), anyoneElse::toString);

        Result alerts = run(javaHome, "alerts", "--store", store, "--since", "1h");
        assertEquals(0, alerts.code(), alerts::toString);
        assertTrue(alerts.err().contains("egressguard alert critical: "), alerts::toString);
        assertEquals("", drain.out().lines().filter(l -> !l.startsWith("drained ")).reduce("", String::concat));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
