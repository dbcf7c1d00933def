package io.egressguard.collector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.egressguard.collector.CollectorException;
import io.egressguard.event.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules file: what it means, and one line naming file and line for what it cannot mean. */
class AlertConfigTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String error(String name, String text) throws Exception {
        Path f = write(name, text);
        return assertThrows(CollectorException.class, () -> AlertConfig.load(f)).getMessage().substring(f.toString().length());
    }

    @Test
    void aFullFile() throws Exception {
        AlertConfig c = AlertConfig.load(write("alerts.yaml", """
                window: 30m
                rules:
                  - when: severity
                    severity: high
                  - when: blocks
                    more-than: 3
                    window: 1d
                    name: burst
                  - when: payload
                    over: 64KiB
                  - when: new-destination
                outputs:
                  stderr: false
                  file: out/alerts.jsonl
                  command: notify
                  timeout: 5s
                """));
        assertEquals(List.of(
                new AlertRule("high", AlertRule.Kind.SEVERITY, Severity.HIGH, 0, 0, Duration.ofMinutes(30)),
                new AlertRule("burst", AlertRule.Kind.BLOCKS, null, 3, 0, Duration.ofDays(1)),
                new AlertRule("payload", AlertRule.Kind.PAYLOAD, null, 0, 64 * 1024, Duration.ofMinutes(30)),
                new AlertRule("new-destination", AlertRule.Kind.NEW_DESTINATION, null, 0, 0, Duration.ofMinutes(30))), c.rules());
        assertEquals(false, c.stderr());
        assertEquals(tmp.resolve("out/alerts.jsonl"), c.file());
        assertEquals(List.of("notify"), c.command());
        assertEquals(Duration.ofSeconds(5), c.commandTimeout());
    }

    @Test
    void outputsOnlyKeepsTheDefaultRules() throws Exception {
        AlertConfig c = AlertConfig.load(write("a.json", "// only where they go\n{\"outputs\": {\"file\": \"a.jsonl\"}}\n"));
        assertEquals(AlertRule.defaults(), c.rules());
        assertEquals(tmp.resolve("a.jsonl"), c.file());
    }

    @Test
    void problemsAreOneLineWithTheLine() throws Exception {
        assertEquals(":1: each entry of \"rules\" must be a mapping such as {when: blocks, more-than: 10} (see docs/alerts.md)",
                error("a.yaml", "rules: 5\n"));
        assertEquals(":2: \"stderr\" must be true or false (see docs/alerts.md)", error("a2.yaml", "outputs:\n  stderr: [1]\n"));
        assertEquals(":3: \"more-than\" must be a whole number (see docs/alerts.md)",
                error("b.yaml", "rules:\n  - when: blocks\n    more-than: lots\n"));
        assertEquals(":2: unknown \"when\": \"blocked\"; use severity, blocks, payload or new-destination",
                error("c.yaml", "rules:\n  - when: blocked\n"));
        assertEquals(": rule 1 (x): needs \"when\": severity, blocks, payload or new-destination", error("d.yaml", "rules:\n  - name: x\n"));
        assertEquals(":3: bad size \"2 MB!\": write bytes or a number with KiB, MiB, GiB (or KB, MB, GB), e.g. 1MiB",
                error("e.yaml", "rules:\n  - when: payload\n    over: 2 MB!\n"));
        assertEquals(": rule 2: \"severity\" only applies to when: severity",
                error("f.yaml", "rules:\n  - when: payload\n  - when: blocks\n    severity: high\n"));
        assertEquals(":1: the alert rules file is empty; write at least \"rules: []\" or leave the option out for the defaults",
                error("g.yaml", ""));
        String json = error("h.json", "{\"rules\": [ {\"when\": \"payload\"} ]\n");
        assertEquals(":2: JSON syntax error: Unexpected end-of-input: expected close marker for Object; check indentation, quotes and brackets",
                json);
        assertEquals(1, error("i.yaml", "rules:\n - when: blocks\n   more-than: [\n").lines().count());
    }
}
