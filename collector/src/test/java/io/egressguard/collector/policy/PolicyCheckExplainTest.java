package io.egressguard.collector.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy check} and {@code policy explain} on real files, through the CLI. */
class PolicyCheckExplainTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private Path good() throws Exception {
        return write("policy.yaml", """
                version: 1
                rules:
                  - allow: "*.example.com"
                    ports: [443]
                  - deny: api.example.com
                    severity: critical
                    name: no api
                  - monitor: 198.51.100.0/24
                """);
    }

    /** A 100k host name to explain was echoed whole (a 100,169-character line); it is no host name: a short usage error. */
    @Test
    void explainRefusesAnOverlongHostInOneShortLine() throws Exception {
        String host = "a".repeat(100_000) + ".test";
        CliRun run = CliRun.run("policy", "explain", good().toString(), host + ":443");
        assertEquals(2, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().length() < 300, run.err().length() + " characters");
        assertTrue(run.err().contains("\"" + "a".repeat(57) + "...\" (100005 characters) is longer than 253 characters"), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void explainFromNamesTheRuleThatDecidesForThatDependency() throws Exception {
        Path f = write("stripe.yaml", """
                rules:
                  - allow: api.stripe.com
                    ports: [443]
                    from: com.stripe:stripe-java
                  - deny: api.stripe.com
                """);
        CliRun stripe = CliRun.run("policy", "explain", f.toString(), "api.stripe.com:443", "--from", "com.stripe:stripe-java:24.1.0");
        assertEquals(0, stripe.code(), stripe::toString);
        assertTrue(stripe.out().startsWith("api.stripe.com:443 from com.stripe:stripe-java: allow, severity low\n"
                + "rule: stripe.yaml:2 allow api.stripe.com ports 443 from com.stripe:stripe-java (rule in the policy file, by name)\n"), stripe::toString);
        CliRun other = CliRun.run("policy", "explain", f.toString(), "api.stripe.com:443", "--from", "com.evil:lib");
        assertTrue(other.out().startsWith("api.stripe.com:443 from com.evil:lib: deny, severity high\nrule: stripe.yaml:5 deny api.stripe.com"),
                other::toString);
        CliRun nobody = CliRun.run("policy", "explain", f.toString(), "api.stripe.com:443");
        assertTrue(nobody.out().contains("rule: stripe.yaml:5 deny api.stripe.com")
                && nobody.out().contains("from: no dependency given, so rules with from: do not apply"), nobody::toString);
        CliRun bad = CliRun.run("policy", "explain", f.toString(), "api.stripe.com:443", "--from", "com.stripe");
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("'com.stripe' is not GROUP:ARTIFACT"), bad::toString);
    }

    @Test
    void aValidPolicyExitsZero() throws Exception {
        CliRun run = CliRun.run("policy", "check", good().toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("valid, 3 rules"), run::toString);
        assertEquals("", run.err());
    }

    /** A 50 MB policy of one comment ran past 300 s of CPU at 1.2 GB; refused now by its size, at once. */
    @Test
    void aHugePolicyOrAFifoIsOneLineAtOnceAndExitsOne() throws Exception {
        Path huge = tmp.resolve("huge.yaml");
        byte[] mib = new byte[1 << 20];
        java.util.Arrays.fill(mib, (byte) 'a');
        try (java.io.OutputStream out = Files.newOutputStream(huge)) {
            out.write("rules: []\n# ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) {
                out.write(mib);
            }
        }
        long t0 = System.nanoTime();
        CliRun run = CliRun.run("policy", "check", huge.toString());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, run.code(), run::toString);
        assertEquals(java.util.List.of(huge + ":1: the policy file is " + Files.size(huge) + " bytes, over the 4 MiB limit"
                + " (4194304 bytes); refused; keep long host lists in domain list files (up to 32 MiB)"), run.errLines());
        assertTrue(millis < 2000, millis + " ms");

        Path fifo = tmp.resolve("fifo.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> CliRun.run("policy", "check", fifo.toString()));
        assertEquals(1, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith(fifo + ":1: the policy file is a FIFO, socket or device, not a regular file"), run::toString);
    }

    @Test
    void anInvalidPolicyIsOneLineNamingFileAndLineAndExitsOne() throws Exception {
        Path bad = write("bad.yaml", "rules:\n  - allow: api.example.com\n    severty: high\n");
        CliRun run = CliRun.run("policy", "check", bad.toString());
        assertEquals(1, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith(bad + ":3: unknown key \"severty\" in a rule (did you mean \"severity\"?)"), run::toString);

        Path cidr = write("cidr.json", "{\"rules\": [\n {\"deny\": \"10.1.2.3/8\"}\n]}\n");
        run = CliRun.run("policy", "check", cidr.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.err().startsWith(cidr + ":2: bad CIDR \"10.1.2.3/8\""), run::toString);

        run = CliRun.run("policy", "check", tmp.resolve("missing.yaml").toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.err().contains("missing.yaml:1: policy file not found"), run::toString);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, CliRun.run("policy", "check").code());
        assertEquals(2, CliRun.run("policy").code());
        assertEquals(2, CliRun.run("policy", "explain", "x.yaml", "host:99999").code());
    }

    @Test
    void explainNamesTheDecisionAndTheRuleWithItsLine() throws Exception {
        String f = good().toString();
        CliRun run = CliRun.run("policy", "explain", f, "www.example.com:443");
        assertEquals(0, run.code(), run::toString);
        assertEquals("www.example.com:443: allow, severity low", run.outLines().get(0));
        assertEquals("rule: policy.yaml:3 allow *.example.com ports 443 (rule in the policy file, by name)", run.outLines().get(1));

        run = CliRun.run("policy", "explain", f, "www.example.com:80");
        assertTrue(run.out().startsWith("www.example.com:80: deny, severity medium\nrule: default:public-internet (built-in default)"),
                run::toString);

        run = CliRun.run("policy", "explain", f, "api.example.com:443");
        assertTrue(run.out().startsWith("api.example.com:443: deny, severity critical\nrule: policy.yaml:5 no api"), run::toString);
        assertTrue(run.out().contains("lookup: deny before any DNS query leaves, by policy.yaml:5 no api"), run::toString);

        run = CliRun.run("policy", "explain", f, "telemetry.plane.so");
        assertTrue(run.out().startsWith("telemetry.plane.so: deny, severity critical, vendor Plane (usage-telemetry)\n"
                + "rule: catalog:telemetry.plane.so (built-in tracker catalog)"), run::toString);

        run = CliRun.run("policy", "explain", f, "169.254.169.254:80");
        assertTrue(run.out().contains("rule: metadata:169.254.169.254 (built-in cloud metadata endpoint)"), run::toString);

        run = CliRun.run("policy", "explain", f, "198.51.100.9:8080");
        assertTrue(run.out().startsWith("198.51.100.9:8080: monitor, severity medium\nrule: policy.yaml:8 monitor 198.51.100.0/24"
                + " (rule in the policy file, by address)"), run::toString);

        run = CliRun.run("policy", "explain", f, "db.corp.test:5432", "--ip", "10.1.2.3");
        assertTrue(run.out().startsWith("db.corp.test:5432 (10.1.2.3): allow, severity low\nrule: default:private-network"), run::toString);

        run = CliRun.run("policy", "explain", f, "[::1]:8080");
        assertTrue(run.out().startsWith("[::1]:8080: allow"), run::toString);
    }

    @Test
    void explainWithAnInvalidPolicyExitsOneWithTheLine() throws Exception {
        Path bad = write("bad.yaml", "rules:\n  - deny: \"bad_host!.test\"\n");
        CliRun run = CliRun.run("policy", "explain", bad.toString(), "x.test");
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.err().startsWith(bad + ":2: "), run::toString);
    }
}
