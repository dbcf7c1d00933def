package io.egressguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSpellingTest {
    @Test
    void plainNamesPassAsTheyAreWithoutACopy() {
        String host = "api.Segment.io.";
        assertSame(host, HostSpelling.canonical(host));
        assertSame("_dmarc.example.com", HostSpelling.canonical("_dmarc.example.com"));
    }

    @Test
    void aTableOfSpellings() {
        String[][] table = {
            {"telemetry.plane.s\\111", "telemetry.plane.so"},      // \DDD: glibc decodes it
            {"telemetry.plane.\\115o", "telemetry.plane.so"},
            {"t\\elemetry.plane.so", "telemetry.plane.so"},         // \X: the character itself
            {"TELEMETRY.plane.s\\079", "TELEMETRY.plane.sO"},       // case stays for the tables, which ignore it
            {"bücher.example", "xn--bcher-kva.example"},            // IDNA
            {"*.example.com", "*.example.com"},
            {"x:telemetry.plane.so", null},                         // a colon: a hosts file or a resolver may read it otherwise
            {"telemetry.plane.so/x", null},
            {"telemetry plane.so", null},
            {"telemetry.plane.so\u0000.evil", null},
            {"tele\\metry.plane.so", "telemetry.plane.so"},
            {"a\\256.so", null},                                    // beyond a byte
            {"a\\046b.so", null},                                   // an escaped dot is a dot inside a label
            {"a\\.b.so", null},
            {"trailing.backslash\\", null},
            {"a\\1.so", null},                                      // too few digits
        };
        for (String[] row : table) {
            assertEquals(row[1], HostSpelling.canonical(row[0]), row[0]);
        }
    }

    @Test
    void theDenyListSeesTheNameTheResolverQueries(@TempDir Path tmp) throws Exception {
        Policy p = PolicyFixtures.load(tmp, "rules:\n  - deny: telemetry.plane.so\n  - allow: \"*\"\n");
        assertEquals(Verdict.DENY, p.decideByName("telemetry.plane.s\\111", 443).verdict());
        assertEquals(Verdict.DENY, p.decide("telemetry.plane.s\\111", null, 443).verdict());
        assertEquals(HostSpelling.MALFORMED_RULE, p.decideByName("x:telemetry.plane.so", 443).rule());
        assertEquals(Verdict.DENY, p.decide("x:telemetry.plane.so", null, 443).verdict());
        assertEquals(Verdict.ALLOW, p.decideByName("api.github.com", 443).verdict());
        assertEquals(Verdict.ALLOW, p.decide("::1", null, 443).verdict(), "an IPv6 literal is no name");
    }

    /** Seeded fuzz: whatever a name decodes to, the policy decides that name, never the raw spelling's. */
    @Test
    void fuzzedSpellingsOfADeniedNameAreNeverAllowed(@TempDir Path tmp) throws Exception {
        Policy p = PolicyFixtures.load(tmp, "rules:\n  - deny: telemetry.plane.so\n  - allow: \"*\"\n");
        String target = "telemetry.plane.so";
        Random random = new Random(20261207);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                switch (random.nextInt(6)) {
                    case 0:
                        b.append(String.format("\\%03d", (int) c));
                        break;
                    case 1:
                        b.append(c == '.' ? "." : "\\" + c);
                        break;
                    case 2:
                        b.append(Character.toUpperCase(c));
                        break;
                    default:
                        b.append(c);
                }
            }
            if (random.nextBoolean()) {
                b.append('.');
            }
            String spelled = b.toString();
            Decision byName = p.decideByName(spelled, 443);
            assertNotNull(byName, spelled);
            assertEquals(Verdict.DENY, byName.verdict(), spelled);
            assertEquals(Verdict.DENY, p.decide(spelled, null, 443).verdict(), spelled);
        }
    }

    @Test
    void aMalformedNameIsNullNotAnException() {
        Random random = new Random(7);
        for (int round = 0; round < 50_000; round++) {
            char[] cs = new char[1 + random.nextInt(12)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = (char) random.nextInt(0x3000);
            }
            String s = new String(cs);
            String out = HostSpelling.canonical(s);
            if (out != null) {
                assertEquals(out, HostSpelling.canonical(out), "canonical is its own canonical: " + s);
            }
        }
        assertNull(HostSpelling.canonical("\u0007"));
    }
}
