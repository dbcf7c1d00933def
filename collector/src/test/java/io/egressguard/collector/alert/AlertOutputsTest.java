package io.egressguard.collector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.event.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outputs: stderr line, owner-only JSON-lines file, and a command that reads the alert on stdin. */
class AlertOutputsTest {
    @TempDir
    Path tmp;

    private final List<String> lines = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();

    private List<Alert> alerts() {
        return AlertEngineTest.run(new AlertEngine(AlertRule.defaults(), Set.of("known.example.com"), Set.of()), AlertFixtures.events());
    }

    private AlertOutputs outputs(Path file, List<String> command, Duration timeout) {
        return new AlertOutputs(new AlertConfig(AlertRule.defaults(), true, file, command, timeout), lines::add, notices::add);
    }

    @Test
    void theCommandReceivesEachAlertAsJsonOnStdinAndTheFileIsOwnerOnly() throws Exception {
        Path file = tmp.resolve("alerts/alerts.jsonl");
        Path received = tmp.resolve("received.jsonl");
        AlertOutputs out = outputs(file, List.of("sh", "-c", "cat >> '" + received + "'"), Duration.ofSeconds(10));
        List<Alert> alerts = alerts();
        alerts.forEach(out::send);

        assertEquals(List.of(), notices);
        assertEquals(alerts.size(), lines.size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> fromCommand = Files.readAllLines(received);
        assertEquals(Files.readAllLines(file), fromCommand, "the command gets exactly what the file gets");
        assertEquals(alerts.size(), fromCommand.size());
        JsonNode first = EventCodec.mapper().readTree(fromCommand.get(0));
        assertEquals("critical", first.get("alert").asText());
        assertEquals("severity", first.get("when").asText());
        assertEquals("telemetry.plane.so", first.get("destination").asText());
        assertEquals(443, first.get("port").asInt());
        assertEquals("Plane", first.get("vendor").asText());
        assertEquals("2026-05-01T10:00:00Z", first.get("window_start").asText());
        assertEquals("com.example:telemetry:1.2", first.get("origin").asText());
        assertEquals(alerts.get(0).firstId(), first.get("event").asText());
        JsonNode payload = fromCommand.stream().map(AlertOutputsTest::tree).filter(n -> n.get("alert").asText().equals("large-payload"))
                .findFirst().orElseThrow();
        assertEquals(2 * AlertRule.MIB, payload.get("payload_size").asLong());
    }

    @Test
    void aFailingCommandIsReportedOnceAndStopsNothing() throws Exception {
        Path file = tmp.resolve("alerts.jsonl");
        AlertOutputs out = outputs(file, List.of("sh", "-c", "cat > /dev/null; echo 'chat bridge down' >&2; exit 3"), Duration.ofSeconds(10));
        List<Alert> alerts = alerts();
        alerts.forEach(out::send);
        assertEquals(1, notices.size(), notices::toString);
        assertTrue(notices.get(0).startsWith("alerts: command sh failed: exit status 3: chat bridge down"), notices.get(0));
        assertEquals(alerts.size(), lines.size(), "stderr still gets every alert");
        assertEquals(alerts.size(), Files.readAllLines(file).size(), "the file still gets every alert");
        assertEquals(alerts.size() - 1, out.commandFailuresSinceReported());
    }

    @Test
    void aMissingOrHangingCommandIsReportedOnce() {
        AlertOutputs missing = outputs(null, List.of(tmp.resolve("no-such-notifier").toString()), Duration.ofSeconds(10));
        alerts().forEach(missing::send);
        assertEquals(1, notices.size(), notices::toString);
        assertTrue(notices.get(0).contains("failed: cannot run it"), notices.get(0));

        notices.clear();
        AlertOutputs hanging = outputs(null, List.of("sh", "-c", "sleep 30"), Duration.ofSeconds(1));
        long start = System.nanoTime();
        Alert one = alerts().get(0);
        hanging.send(one);
        hanging.send(one);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "killed after the timeout");
        assertEquals(List.of("alerts: command sh failed: no exit within 1s (killed) (alerts still go to the other outputs;"
                + " further failures are not reported)"), notices);
    }

    @Test
    void theFileRemembersWhatWasSent() throws Exception {
        Path file = tmp.resolve("alerts.jsonl");
        AlertOutputs out = outputs(file, List.of(), Duration.ofSeconds(1));
        List<Alert> alerts = alerts();
        alerts.forEach(out::send);
        Set<String> sent = SentAlerts.read(file, notices::add);
        assertEquals(alerts.stream().map(Alert::key).collect(java.util.stream.Collectors.toSet()), sent);
    }

    private static JsonNode tree(String line) {
        try {
            return EventCodec.mapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
