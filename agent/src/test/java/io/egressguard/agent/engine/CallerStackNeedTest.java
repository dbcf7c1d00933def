package io.egressguard.agent.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.policy.Policy;
import io.egressguard.policy.PolicyLoader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caller's stack is skipped only for a call sure to be allowed and left unrecorded. */
class CallerStackNeedTest {
    private static Policy policy;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.write(file, ("rules:\n"
                + "  - deny: 127.0.0.2\n"
                + "  - allow: 127.0.0.1\n"
                + "  - allow: api.internal.test\n"
                + "  - monitor: metrics.internal.test\n").getBytes(StandardCharsets.UTF_8));
        policy = PolicyLoader.load(file);
    }

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}); // parsed, never looked up
    }

    @Test
    void anAllowedDestinationKnownBeforeTheLookupNeedsNoStack() throws Exception {
        assertFalse(CallerStackNeed.needed(policy, "127.0.0.1", null, 80, false), "an allowed IP literal");
        assertFalse(CallerStackNeed.needed(policy, "api.internal.test", null, 443, false), "a name an allow rule decides");
        assertFalse(CallerStackNeed.needed(policy, null, ip(1), 80, false), "an allowed, resolved address");
    }

    @Test
    void recordAllAlwaysNeedsIt() throws Exception {
        assertTrue(CallerStackNeed.needed(policy, "127.0.0.1", null, 80, true));
        assertTrue(CallerStackNeed.needed(policy, null, ip(1), 80, true));
    }

    @Test
    void whatWillBeRecordedNeedsIt() throws Exception {
        assertTrue(CallerStackNeed.needed(policy, "127.0.0.2", null, 80, false), "a denied IP literal");
        assertTrue(CallerStackNeed.needed(policy, null, ip(2), 80, false), "a denied address");
        assertTrue(CallerStackNeed.needed(policy, "telemetry.plane.so", null, 443, false), "a catalog name");
        assertTrue(CallerStackNeed.needed(policy, "metrics.internal.test", null, 443, false), "monitored: recorded");
    }

    @Test
    void anUndecidedDestinationNeedsIt() {
        assertTrue(CallerStackNeed.needed(policy, "elsewhere.internal.test", null, 443, false), "decided by its address, after the lookup");
        assertTrue(CallerStackNeed.needed(policy, null, null, 443, false), "unknown");
        assertTrue(CallerStackNeed.needed(policy, "", null, 443, false), "unknown");
    }
}
