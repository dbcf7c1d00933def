package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.ip;
import static io.egressguard.policy.PolicyFixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorModeTest {
    @TempDir
    Path dir;

    @Test
    void globalMonitorTurnsEveryDenyIntoMonitor() throws Exception {
        Policy p = load(dir, "mode: monitor\nrules:\n  - deny: bad.test\n  - allow: good.test\n");
        assertTrue(p.monitorMode());
        assertEquals(Verdict.MONITOR, p.decideByName("bad.test", 443).verdict());
        assertEquals(Verdict.ALLOW, p.decideByName("good.test", 443).verdict());
        assertEquals(Verdict.MONITOR, p.decideByName("api.segment.io", 443).verdict());
        assertEquals("catalog:segment.io", p.decideByName("api.segment.io", 443).rule());
        assertEquals(Verdict.MONITOR, p.decide(null, ip("169.254.169.254"), 80).verdict());
        assertEquals(Verdict.MONITOR, p.decide(null, ip("203.0.113.1"), 443).verdict());
        assertEquals(Verdict.ALLOW, p.decide(null, ip("10.0.0.1"), 443).verdict());
        assertEquals(Severity.HIGH, p.decideByName("bad.test", 443).severity(), "severity kept");
    }

    @Test
    void perRuleMonitorOnlyAffectsThatRule() throws Exception {
        Policy p = load(dir, "rules:\n  - deny: \"*.trial.test\"\n    mode: monitor\n  - deny: bad.test\n    mode: enforce\n");
        assertEquals(Verdict.MONITOR, p.decideByName("x.trial.test", 443).verdict());
        assertEquals(Verdict.DENY, p.decideByName("bad.test", 443).verdict());
        assertEquals(Verdict.DENY, p.decideByName("api.segment.io", 443).verdict());
        assertEquals(Verdict.DENY, p.decide(null, ip("203.0.113.1"), 443).verdict());
    }

    @Test
    void monitorActionRecordsWithoutBlocking() throws Exception {
        Policy p = load(dir, "rules:\n  - monitor: 203.0.113.0/24\n");
        Decision d = p.decide(null, ip("203.0.113.9"), 443);
        assertEquals(Verdict.MONITOR, d.verdict());
        assertEquals(Severity.MEDIUM, d.severity());
    }

    @Test
    void monitorModeAppliesToTheDefault() throws Exception {
        Policy p = load(dir, "mode: monitor\ndefault: deny\ndefault-severity: low\n");
        Decision d = p.decide(null, ip("203.0.113.1"), 443);
        assertEquals(Verdict.MONITOR, d.verdict());
        assertEquals(Severity.LOW, d.severity());
    }
}
