package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example in docs/policy.md must load and mean what the doc says. */
class DocsExampleTest {
    @TempDir
    Path dir;

    @Test
    void documentedExampleLoads() throws Exception {
        String doc = new String(Files.readAllBytes(Paths.get("../docs/policy.md")), StandardCharsets.UTF_8);
        int start = doc.indexOf("```yaml\n") + 8;
        String yaml = doc.substring(start, doc.indexOf("```", start));
        write(dir, "blocked-domains.txt", "tracker.test\n");
        Policy p = PolicyLoader.load(write(dir, "policy.yaml", yaml));
        assertEquals("policy.yaml:10 no segment", p.decideByName("api.segment.io", 443).rule());
        assertEquals("catalog:segment.io", p.decideByName("api.segment.io", 80).rule());
        assertEquals(Verdict.MONITOR, p.decideByName("ads.example.net", 443).verdict());
        assertEquals(Verdict.ALLOW, p.decideByName("maven.org", 443).verdict());
        assertEquals(Verdict.ALLOW, p.decideByName("repo1.maven.org", 443).verdict());
        assertEquals(Verdict.MONITOR, p.decideByName("x.tracker.test", 443).verdict());
    }
}
