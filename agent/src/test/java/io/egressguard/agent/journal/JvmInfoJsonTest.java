package io.egressguard.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egressguard.event.EventCodec;
import io.egressguard.event.JvmInfo;
import org.junit.jupiter.api.Test;

/** jvm.json from the streaming writer is byte for byte what databind writes, so the collector reads it the same. */
class JvmInfoJsonTest {
    @Test
    void everyFieldAsDatabindWritesIt() throws Exception {
        JvmInfo jvm = new JvmInfo();
        jvm.pid = 4242;
        jvm.hostname = "web-1";
        jvm.container = "0123abcd";
        jvm.mainClass = "com.example.\"Odd\"\\Main\u2028\u00e9";
        jvm.startTime = 1_780_000_000_123L;
        jvm.journal = "web-1-4242-1780000000123";
        assertEquals(EventCodec.mapper().writeValueAsString(jvm), new String(JvmInfoJson.encode(jvm), "UTF-8"));
    }

    @Test
    void nullsAreLeftOutAsDatabindLeavesThemOut() throws Exception {
        JvmInfo jvm = new JvmInfo();
        jvm.pid = 7;
        jvm.startTime = 9;
        assertEquals(EventCodec.mapper().writeValueAsString(jvm), new String(JvmInfoJson.encode(jvm), "UTF-8"));
    }
}
