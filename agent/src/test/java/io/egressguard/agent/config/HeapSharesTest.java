package io.egressguard.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class HeapSharesTest {
    private static final long MIB = 1L << 20;

    private static AgentConfig config(String args) {
        return AgentConfig.resolve(args, new Properties(), Map.of());
    }

    @Test
    void aSmallHeapLendsTheAgentASmallShare() {
        AgentConfig c = config("");
        assertEquals(2 * MIB, HeapShares.ringBytes(c, 64 * MIB), "1/32 of -Xmx64m");
        assertEquals(MIB / 2, HeapShares.tableBytes(c, 64 * MIB), "1/128 of -Xmx64m");
    }

    @Test
    void aLargeHeapGetsTheDefaultsAndATinyOneTheMinimum() {
        AgentConfig c = config("");
        assertEquals(8 * MIB, HeapShares.ringBytes(c, 4096 * MIB));
        assertEquals(4 * MIB, HeapShares.tableBytes(c, 4096 * MIB));
        assertEquals(8 * MIB, HeapShares.ringBytes(c, Long.MAX_VALUE), "no -Xmx known");
        assertEquals(64 << 10, HeapShares.ringBytes(c, 1 * MIB), "the option's minimum");
    }

    @Test
    void aValueSetByTheUserIsTakenAsIs() {
        AgentConfig c = config("ring.bytes=32m,table.bytes=16m");
        assertEquals(32 * MIB, HeapShares.ringBytes(c, 64 * MIB));
        assertEquals(16 * MIB, HeapShares.tableBytes(c, 64 * MIB));
    }
}
