package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.agent.itapps.Flood;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19, failure 1, in full: 64 threads each refused a new {@code *.telemetry.plane.so} name per
 * attempt for 60 s at -Xmx64m. Before the agent's tables were bounded the app died of
 * OutOfMemoryError within 20 s. Now it must run to its end and keep its heap flat: the most heap in
 * use after a full collection (sampled each second, after a 5 s warm-up) within a few MB of the very
 * same app without the agent, and every attempt counted in the journal. Run with
 * {@code ./mvnw -B -Pstress -pl agent -am verify}.
 */
class FloodStressIT {
    /**
     * "Within a few MB": the agent's ring (2 MiB at -Xmx64m) and tables (512 KiB each), its policy,
     * and, once the journal writer runs, Chronicle's and the encoder's working set. Measured: 5-7 MiB.
     */
    static final long MAX_EXTRA_HEAP_MIB = 8;
    /**
     * Flat: what the heap may grow from its first sample (after 5 s) to its largest. Up to 4 MiB was
     * seen when the writer finished starting Chronicle mid-run; an unbounded table grows by tens of
     * MiB in that time (before the fix: OutOfMemoryError within 10 s).
     */
    static final long MAX_GROWTH_MIB = 6;
    static final String SECONDS = System.getProperty("egressguard.stress.seconds", "60");

    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sixtySecondsOfDistinctNamesAtXmx64mKeepTheHeapFlat(Path jdk, @TempDir Path tmp) throws Exception {
        long timeout = Long.parseLong(SECONDS) + 120;
        ForkedJvm.Result without = new ForkedJvm(jdk).withoutAgentFlag().jvmArg("-Xmx64m").timeout(timeout)
                .run(Flood.class.getName(), "64", "distinct", SECONDS);
        assertEquals(0, without.exitCode, without.toString());

        Path queue = tmp.resolve("journal");
        ForkedJvm.Result with = new ForkedJvm(jdk).agentArgs("queue=" + queue).jvmArg("-Xmx64m").timeout(timeout)
                .run(Flood.class.getName(), "64", "distinct", SECONDS);
        assertEquals(0, with.exitCode, with.toString());
        assertEquals("false", with.result("oom"), with.toString());
        assertFalse(with.stderr.contains("OutOfMemoryError"), with.stderr);
        assertEquals(with.result("attempts"), with.result("blocked"), with.toString());

        long base = Long.parseLong(without.result("heapMiB"));
        long agent = Long.parseLong(with.result("heapMiB"));
        long agentFirst = Long.parseLong(with.result("heapFirstMiB"));
        FloodRecords records = FloodRecords.read(queue, with);
        System.out.println("FloodStressIT " + jdk.getFileName() + ": without agent " + without.result("attempts") + " attempts, heap "
                + base + " MiB; with agent " + with.result("attempts") + " attempts, heap " + agentFirst + " MiB after 5 s, at most "
                + agent + " MiB; " + records);
        assertTrue(agent - base <= MAX_EXTRA_HEAP_MIB, "heap after GC with the agent " + agent + " MiB, without " + base + " MiB");
        assertTrue(agent - agentFirst <= MAX_GROWTH_MIB, "flat: " + agentFirst + " MiB after 5 s, " + agent + " MiB at most");
        assertEquals(Long.parseLong(with.result("attempts")), records.counted + records.dropped, records.toString());
    }
}
