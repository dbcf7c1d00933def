package io.egressguard.agent.config;

/**
 * The agent's heap bounds when the app does not set them: a small share of the app's maximum heap
 * ({@code -Xmx}, {@link Runtime#maxMemory()}), capped by the option's default. An app at
 * {@code -Xmx64m} lends the agent 2 MiB of ring and 512 KiB per table (3 MiB in all); from
 * {@code -Xmx512m} up, the defaults (8m ring, 4m per table) apply. docs/internals.md says why.
 */
public final class HeapShares {
    /** The ring's share of the heap: 1/32. */
    static final int RING_DIVISOR = 32;
    /** Each table's share of the heap: 1/128. */
    static final int TABLE_DIVISOR = 128;

    private HeapShares() {
    }

    /** ring.bytes as set, else the lesser of its default and 1/32 of {@code maxHeap}. */
    public static long ringBytes(AgentConfig config, long maxHeap) {
        return sized(config, Options.RING_BYTES, maxHeap / RING_DIVISOR);
    }

    /** table.bytes as set, else the lesser of its default and 1/128 of {@code maxHeap}. */
    public static long tableBytes(AgentConfig config, long maxHeap) {
        return sized(config, Options.TABLE_BYTES, maxHeap / TABLE_DIVISOR);
    }

    private static long sized(AgentConfig config, Option o, long share) {
        long value = config.number(o);
        if (config.isSet(o)) {
            return value;
        }
        return Math.max(o.min(), Math.min(value, share));
    }
}
