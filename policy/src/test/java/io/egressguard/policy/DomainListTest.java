package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.ip;
import static io.egressguard.policy.PolicyFixtures.load;
import static io.egressguard.policy.PolicyFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.event.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainListTest {
    @TempDir
    Path dir;

    @Test
    void listEntriesBecomeRulesWithTheListsActionAndSeverity() throws Exception {
        write(dir, "blocked-domains.txt", "# operators' list\n\ntracker.test\n  ads.test   # inline comment\n"
                + "0.0.0.0 hostsfile.test other.test\n127.0.0.1 localhost\n*.glob.test\n203.0.113.0/24\n");
        Policy p = load(dir, "lists:\n  - file: blocked-domains.txt\n    severity: critical\n");
        Decision d = p.decideByName("tracker.test", 443);
        assertEquals(Verdict.DENY, d.verdict());
        assertEquals("blocked-domains.txt:3 deny tracker.test", d.rule());
        assertEquals(Severity.CRITICAL, d.severity());
        assertEquals(Verdict.DENY, p.decideByName("sub.tracker.test", 443).verdict(), "subdomains by default");
        assertEquals("blocked-domains.txt:4 deny ads.test", p.decideByName("ads.test", 443).rule());
        assertEquals("blocked-domains.txt:5 deny hostsfile.test", p.decideByName("hostsfile.test", 443).rule());
        assertEquals("blocked-domains.txt:5 deny other.test", p.decideByName("other.test", 443).rule());
        assertNull(p.decideByName("localhost", 443), "hosts-file boilerplate is skipped");
        assertEquals(Verdict.DENY, p.decideByName("a.glob.test", 443).verdict());
        assertNull(p.decideByName("glob.test", 443));
        assertEquals("blocked-domains.txt:8 deny 203.0.113.0/24", p.decide(null, ip("203.0.113.1"), 443).rule());
        assertTrue(p.inputs().contains(dir.resolve("blocked-domains.txt")));
    }

    @Test
    void listOptions() throws Exception {
        write(dir, "ok.txt", "partner.test\n");
        write(dir, "trial.txt", "trial.test\n");
        Policy p = load(dir, "lists:\n  - file: ok.txt\n    action: allow\n    subdomains: false\n"
                + "  - file: trial.txt\n    mode: monitor\n");
        assertEquals(Verdict.ALLOW, p.decideByName("partner.test", 443).verdict());
        assertEquals(Severity.LOW, p.decideByName("partner.test", 443).severity());
        assertNull(p.decideByName("www.partner.test", 443));
        assertEquals(Verdict.MONITOR, p.decideByName("x.trial.test", 443).verdict());
    }

    @Test
    void listsInASubdirectoryResolveRelativeToThePolicyFile() throws Exception {
        Files.createDirectories(dir.resolve("lists"));
        write(dir.resolve("lists"), "b.txt", "b.test\n");
        Policy p = load(dir, "lists:\n  - file: lists/b.txt\n");
        assertEquals("b.txt:1 deny b.test", p.decideByName("b.test", 1).rule());
    }

    @Test
    void errorsCiteTheListFileAndLine() throws Exception {
        write(dir, "bad.txt", "ok.test\n# fine\nbad_host!.test\n");
        PolicyException e = assertThrows(PolicyException.class, () -> load(dir, "lists:\n  - file: bad.txt\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.txt") + ":3: bad host name"), e.getMessage());
        write(dir, "bad2.txt", "a.test b.test\n");
        e = assertThrows(PolicyException.class, () -> load(dir, "lists:\n  - file: bad2.txt\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad2.txt") + ":1: expected one domain per line"), e.getMessage());
        write(dir, "bad3.txt", "\n\n10.0.0.0/33\n");
        e = assertThrows(PolicyException.class, () -> load(dir, "lists:\n  - file: bad3.txt\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad3.txt") + ":3: bad CIDR"), e.getMessage());
    }

    /** A device as a list file is refused for what it is, at its own path: not "not found". */
    @Test
    void aDeviceAsAListFileIsNotARegularFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        PolicyException e = assertThrows(PolicyException.class, () -> load(dir, "lists:\n  - file: /dev/zero\n"));
        assertEquals("/dev/zero:1: the list file is a FIFO, socket or device, not a regular file; point to a regular file"
                + " (a symlink to one is fine)", e.getMessage());
    }
}
