package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error is one line "<file>:<line>: <problem and what to do>". */
class PolicyErrorsTest {
    @TempDir
    Path dir;

    private String error(String name, String text) throws Exception {
        Path f = write(dir, name, text);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(f));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith(f + ":" + e.line() + ": "), m);
        assertEquals(f.toString(), e.file());
        return m.substring(f.toString().length() + 1);
    }

    private String yaml(String text) throws Exception {
        return error("policy.yaml", text);
    }

    @Test
    void unknownKeyWithSuggestion() throws Exception {
        assertEquals("3: unknown key \"severty\" in a rule (did you mean \"severity\"?); allowed keys: allow, deny, monitor, "
                + "severity, ports, mode, name, from", yaml("rules:\n  - deny: a.test\n    severty: high\n"));
        assertTrue(yaml("mode: enforce\nrulez: []\n").startsWith("2: unknown key \"rulez\" at the top level (did you mean \"rules\"?)"));
        assertTrue(yaml("lists:\n  - file: x.txt\n    actoin: deny\n").startsWith("3: unknown key \"actoin\" in a list entry (did you mean \"action\"?)"));
        String far = yaml("rules:\n  - block: a.test\n");
        assertTrue(far.startsWith("2: unknown key \"block\" in a rule; allowed keys:"), far);
    }

    @Test
    void badCidr() throws Exception {
        assertTrue(yaml("rules:\n  - allow: 10.0.0.0/33\n").startsWith("2: bad CIDR \"10.0.0.0/33\": the prefix length must be 0-32"));
        assertTrue(yaml("rules:\n  - allow: \"2001:db8::/129\"\n").startsWith("2: bad CIDR \"2001:db8::/129\": the prefix length must be 0-128"));
        assertEquals("3: bad CIDR \"10.1.2.3/8\": it has bits set after the /8 prefix; did you mean 10.0.0.0/8?",
                yaml("rules:\n  - allow:\n    - 10.1.2.3/8\n"));
        assertTrue(yaml("rules:\n  - allow: 10.0.0/8\n").startsWith("2: bad CIDR \"10.0.0/8\": the address part is not"));
        assertTrue(yaml("rules:\n  - allow: 1.2.3\n").startsWith("2: bad IP address \"1.2.3\""));
    }

    /** docs/policy.md promises no leading zeros; "/08" was read as /8. */
    @Test
    void aCidrPrefixWithALeadingZeroIsRefused() throws Exception {
        assertEquals("2: bad CIDR \"10.0.0.0/08\": the prefix length must be 0-32 for IPv4, written without leading zeros",
                yaml("rules:\n  - deny: 10.0.0.0/08\n"));
        assertTrue(yaml("rules:\n  - deny: \"2001:db8::/032\"\n").startsWith("2: bad CIDR \"2001:db8::/032\""));
        write(dir, "nets.txt", "10.0.0.0/8\n192.168.0.0/016\n");
        Path f = write(dir, "l.yaml", "lists:\n  - file: nets.txt\n");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(f));
        assertEquals(dir.resolve("nets.txt") + ":2: bad CIDR \"192.168.0.0/016\": the prefix length must be 0-32 for IPv4,"
                + " written without leading zeros", e.getMessage());
        assertEquals(Verdict.DENY, PolicyLoader.load(write(dir, "z.yaml", "rules:\n  - deny: 0.0.0.0/0\n"))
                .decide(null, PolicyFixtures.ip("203.0.113.1"), 443).verdict(), "a bare 0 is no leading zero");
    }

    /** A 100k host name in a list made a 573-character line of mostly that name; the value is cut, the line short. */
    @Test
    void aLongValueIsQuotedShortWithAnEllipsis() throws Exception {
        String host = "a".repeat(100_000) + ".test";
        write(dir, "long.txt", host + "\n");
        Path f = write(dir, "p.yaml", "lists:\n  - file: long.txt\n");
        String m = assertThrows(PolicyException.class, () -> PolicyLoader.load(f)).getMessage();
        assertTrue(m.length() < dir.resolve("long.txt").toString().length() + 160, m.length() + " characters: " + m);
        assertEquals(dir.resolve("long.txt") + ":1: host name \"" + "a".repeat(57) + "...\" (100005 characters) is longer than 253 characters", m);
        String bad = yaml("rules:\n  - deny: \"" + "b".repeat(5_000) + "!.test\"\n");
        assertTrue(bad.length() < 160 && bad.contains("...\" (5006 characters)"), bad);
    }

    @Test
    void badPortsAndRanges() throws Exception {
        assertTrue(yaml("rules:\n  - deny: a.test\n    ports: [443, \"9000-80\"]\n").startsWith("3: bad port range \"9000-80\""));
        assertTrue(yaml("rules:\n  - deny: a.test\n    ports:\n      - 443\n      - 70000\n").startsWith("5: bad port \"70000\""));
        assertTrue(yaml("rules:\n  - deny: a.test\n    ports: []\n").startsWith("3: \"ports\" is empty"));
    }

    @Test
    void unknownActionAndMisuse() throws Exception {
        assertTrue(yaml("default: block\n").startsWith("1: unknown action \"block\" for \"default\"; use allow, deny or monitor"));
        assertTrue(yaml("rules:\n  - severity: high\n").startsWith("2: a rule needs an action"));
        assertTrue(yaml("rules:\n  - allow: a.test\n    deny: a.test\n").startsWith("3: a rule has both \"allow\" and \"deny\""));
        assertTrue(yaml("rules:\n  - allow: a.test\n    mode: monitor\n").startsWith("3: \"mode: monitor\" only applies to deny rules"));
        assertTrue(yaml("mode: audit\n").startsWith("1: unknown mode \"audit\"; use enforce or monitor"));
        assertTrue(yaml("catalog: maybe\n").startsWith("1: \"catalog\" must be true or false"));
        assertTrue(yaml("rules:\n  - deny: \"a*.test\"\n").startsWith("2: bad host pattern \"a*.test\""));
        assertTrue(yaml("rules: nope\n").startsWith("1: \"rules\" must be a list of rules"));
        assertTrue(yaml("rules:\n  - deny: a.test\n  - deny: b.test\n    name: x\n    name: y\n").startsWith("5: duplicate key \"name\""));
        assertTrue(yaml("version: 2\n").startsWith("1: unsupported version"));
    }

    @Test
    void badSeverity() throws Exception {
        assertEquals("4: unknown severity \"urgent\"; use critical, high, medium or low",
                yaml("rules:\n  - deny: a.test\n\n    severity: urgent\n"));
    }

    @Test
    void yamlSyntaxError() throws Exception {
        String m = yaml("rules:\n  - deny: a.test\n   severity: high\n");
        assertTrue(m.startsWith("3: YAML syntax error: "), m);
        String alias = yaml("rules:\n  - deny: *.segment.io\n");
        assertTrue(alias.startsWith("2: YAML syntax error: ") && alias.contains("quote patterns that start with '*'"), alias);
    }

    @Test
    void jsonByExtension() throws Exception {
        assertTrue(error("policy.json", "{\n  \"rules\": [\n    {\"deny\": \"a.test\",}\n  ]\n}\n").startsWith("3: JSON syntax error: "));
        Path ok = write(dir, "ok.json", "{\"mode\": \"enforce\",\n \"rules\": [\n  {\"deny\": \"*.a.test\", \"ports\": [443, \"8000-8100\"]}\n]}\n");
        assertEquals("ok.json:3 deny *.a.test ports 443,8000-8100", PolicyLoader.load(ok).decideByName("x.a.test", 443).rule());
        assertTrue(error("bad.json", "{\"rules\": [{\"allow\": \"10.0.0.0/40\"}]}").startsWith("1: bad CIDR"));
    }

    @Test
    void missingListAndPolicyFiles() throws Exception {
        String m = yaml("rules: []\nlists:\n  - file: nowhere.txt\n");
        assertTrue(m.startsWith("3: list file \"nowhere.txt\" not found (looked at " + dir.resolve("nowhere.txt") + ")"), m);
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(dir.resolve("absent.yaml")));
        assertEquals(dir.resolve("absent.yaml") + ":1: policy file not found; create it or fix the path", e.getMessage());
        assertTrue(yaml("").startsWith("1: the policy file is empty"));
        assertTrue(yaml("- deny: a.test\n").startsWith("1: the policy must be a mapping"));
    }
}
