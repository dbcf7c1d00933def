package io.egressguard.collector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.CliRun;
import io.egressguard.collector.Journals;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drain --alerts} over a real Chronicle journal: the critical attempt alerts on stderr, in the file and to the command. */
class DrainAlertsTest {
    @TempDir
    Path tmp;

    private Event critical(int minute) {
        Event e = AlertFixtures.event(minute, "telemetry.plane.so", Action.BLOCKED, Severity.CRITICAL);
        e.vendor = "Plane";
        e.rule = "catalog:telemetry.plane.so";
        return e;
    }

    @Test
    void aDrainWithAlertsFiresTheCriticalAlertOnceToEveryOutput() throws Exception {
        Path queue = tmp.resolve("queue");
        Journals.appendEvents(queue.resolve("jvm-1"), List.of(
                AlertFixtures.event(0, "api.example.com", Action.ALLOWED, Severity.LOW),
                critical(1), critical(2), critical(3)));
        Path received = tmp.resolve("received.jsonl");
        Path rules = tmp.resolve("alerts.yaml");
        Files.writeString(rules, """
                rules:
                  - when: severity
                    severity: critical
                outputs:
                  file: sent.jsonl
                  command: [sh, -c, "cat >> '%s'"]
                  timeout: 10s
                """.formatted(received));
        String store = "sqlite:" + tmp.resolve("e.db");

        CliRun run = CliRun.run("drain", "--queue", queue.toString(), "--store", store, "--alerts", rules.toString());
        assertEquals(0, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("egressguard alert critical: an attempt of severity critical: 1 attempt to telemetry.plane.so:443"
                + " (Plane), blocked"), run::toString);
        List<String> sent = Files.readAllLines(tmp.resolve("sent.jsonl"));
        assertEquals(1, sent.size());
        assertEquals(sent, Files.readAllLines(received), "the command received the same JSON on stdin");
        JsonNode alert = EventCodec.mapper().readTree(sent.get(0));
        assertEquals("telemetry.plane.so", alert.get("destination").asText());
        assertEquals("catalog:telemetry.plane.so", alert.get("policy_rule").asText());

        // more of the same hour in a later drain: the alerts file remembers it was sent
        Journals.appendEvents(queue.resolve("jvm-1"), List.of(critical(30)));
        CliRun again = CliRun.run("drain", "--queue", queue.toString(), "--store", store, "--alerts", rules.toString());
        assertEquals(0, again.code(), again::toString);
        assertEquals("", again.err(), again::toString);
        assertEquals(1, Files.readAllLines(received).size());
    }

    @Test
    void withoutAFileTheDefaultsApplyAndKnownDestinationsComeFromTheStore() throws Exception {
        Path queue = tmp.resolve("queue");
        String store = "sqlite:" + tmp.resolve("e.db");
        Journals.appendEvents(queue.resolve("jvm-1"), List.of(AlertFixtures.event(0, "api.example.com", Action.ALLOWED, Severity.LOW)));
        CliRun first = CliRun.run("drain", "--queue", queue.toString(), "--store", store, "--alerts");
        assertEquals(0, first.code(), first::toString);
        assertEquals(List.of("egressguard alert new-destination: a destination never seen before: 1 attempt to api.example.com:443,"
                + " allowed, by com.example:telemetry:1.2, since 2026-05-01T10:00:00Z, event "
                + first.err().substring(first.err().lastIndexOf(' ') + 1).strip()), first.errLines(), first::toString);

        Journals.appendEvents(queue.resolve("jvm-1"), List.of(AlertFixtures.event(90, "api.example.com", Action.ALLOWED, Severity.LOW),
                critical(91)));
        CliRun second = CliRun.run("drain", "--queue", queue.toString(), "--store", store, "--alerts");
        assertEquals(0, second.code(), second::toString);
        List<String> lines = second.errLines();
        assertEquals(2, lines.size(), second::toString);
        assertTrue(lines.get(0).startsWith("egressguard alert critical: "), second::toString);
        assertTrue(lines.get(1).startsWith("egressguard alert new-destination: a destination never seen before: 1 attempt to"
                + " telemetry.plane.so:443"), second::toString);
    }

    @Test
    void aBadRulesFileIsOneLineWithItsLine() throws Exception {
        Path rules = tmp.resolve("alerts.yaml");
        Files.writeString(rules, "rules:\n  - when: blocks\n    more-than: 5\n    windw: 1h\n");
        Files.createDirectories(tmp.resolve("q"));
        CliRun run = CliRun.run("drain", "--queue", tmp.resolve("q").toString(), "--store", "sqlite:" + tmp.resolve("e.db"),
                "--alerts", rules.toString());
        assertEquals(1, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().contains(rules + ":4: unknown key \"windw\"; allowed keys here: more-than, name, over, severity, when, window"),
                run::toString);

        Files.writeString(rules, "window: 1 hour\n");
        run = CliRun.run("alerts", "--store", "sqlite:" + tmp.resolve("e.db"), "--rules", rules.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.err().contains(rules + ":1: bad duration \"1 hour\""), run::toString);
    }
}
