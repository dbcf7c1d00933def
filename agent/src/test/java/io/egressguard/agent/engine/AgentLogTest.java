package io.egressguard.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentLogTest {
    @Test
    void eachLineOnceAndAtMostABoundedNumberOfDistinctLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AgentLog log = new AgentLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (int i = 0; i < 10_000; i++) {
            log.warn("internal error for host" + i + ".example");
            log.warn("internal error for host" + i + ".example");
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(AgentLog.MAX_LINES + 1, lines.length);
        assertTrue(lines[lines.length - 1].startsWith("egressguard: " + AgentLog.MAX_LINES + " distinct warnings said"), lines[lines.length - 1]);
    }
}
