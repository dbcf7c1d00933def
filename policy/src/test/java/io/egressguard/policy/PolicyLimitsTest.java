package io.egressguard.policy;

import static io.egressguard.policy.PolicyFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading cannot hang or blow up: regular files only, a size cap, and time and memory linear in the
 * file's size. Linearity is measured as bytes allocated by the loading thread, which is
 * deterministic where wall time is not: a loader that is quadratic in a long line allocates 16
 * times more for 4 times the line.
 */
class PolicyLimitsTest {
    private static final int CAP = 4 << 20;

    @TempDir
    Path dir;

    @Test
    void aPolicyOverTheCapIsRefusedAtOnceNamingFileSizeAndCap() throws Exception {
        for (String name : new String[] {"huge.yaml", "huge.json"}) {
            Path f = dir.resolve(name);
            try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                r.setLength(50L << 20); // sparse: the loader must not read it to refuse it
            }
            String m = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refusal(f));
            assertEquals(f + ":1: the policy file is 52428800 bytes, over the 4 MiB limit (4194304 bytes); refused;"
                    + " keep long host lists in domain list files (up to 32 MiB)", m);
        }
        Path justUnder = write(dir, "under.yaml", "rules: []\n" + comments(CAP - 10 - 1));
        assertEquals(CAP - 1, Files.size(justUnder));
        assertEquals(0, PolicyLoader.load(justUnder).ruleCount());
    }

    @Test
    void aFifoADirectoryAndADeviceAreRefusedAtOnce() throws Exception {
        Path fifo = dir.resolve("policy.yaml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        // Opening a FIFO with no writer blocks forever: the refusal must come before any open.
        String m = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refusal(fifo));
        assertEquals(fifo + ":1: the policy file is a FIFO, socket or device, not a regular file; point to a regular file"
                + " (a symlink to one is fine)", m);
        assertTrue(refusal(dir).endsWith("the policy file is a directory, not a regular file; point to a regular file"
                + " (a symlink to one is fine)"));
        assertTrue(refusal(Path.of("/dev/zero")).contains("a FIFO, socket or device"));

        Path real = write(dir, "real.yaml", "rules:\n  - deny: a.test\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), real);
        assertEquals(1, PolicyLoader.load(link).ruleCount(), "a symlink to a regular file is fine (ConfigMap swaps)");
    }

    @Test
    void listFilesAreRegularFilesUnderTheirOwnCap() throws Exception {
        Process mk = new ProcessBuilder("mkfifo", dir.resolve("fifo.txt").toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        Path p = write(dir, "policy.yaml", "lists:\n  - file: fifo.txt\n");
        String m = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refusal(p));
        assertEquals(dir.resolve("fifo.txt") + ":1: the list file is a FIFO, socket or device, not a regular file;"
                + " point to a regular file (a symlink to one is fine)", m);

        try (RandomAccessFile r = new RandomAccessFile(dir.resolve("big.txt").toFile(), "rw")) {
            r.setLength(33L << 20);
        }
        Path q = write(dir, "big.yaml", "lists:\n  - file: big.txt\n");
        assertTrue(refusal(q).endsWith("the list file is 34603008 bytes, over the 32 MiB limit (33554432 bytes); refused;"
                + " keep long host lists in domain list files (up to 32 MiB)"), refusal(q));
    }

    /** A 1 MiB comment line took SnakeYAML 4 s and 2 GB of copies, 8 MiB 19 s: each refill copied the unread line. */
    @Test
    void aLongYamlLineCostsLinearTimeAndIsRefusedNamingTheLine() throws Exception {
        long small = allocatedLoading(write(dir, "a.yaml", "rules: []\n# " + letters(256 << 10) + "\n"));
        long large = allocatedLoading(write(dir, "b.yaml", "rules: []\n# " + letters(1 << 20) + "\n"));
        assertTrue(large < 6 * small, "4x the line, " + large / (double) small + "x the allocation (" + small + " -> " + large + " bytes)");
        assertTrue(large < 16L * (1 << 20), "allocated " + large + " bytes for a 1 MiB file");

        String m = refusal(write(dir, "c.yaml", "rules:\n  - deny: a.test\n    name: \"" + letters(20_000) + "\"\n"));
        assertTrue(m.endsWith(":3: this line is 20012 bytes long, over the 16 KiB a YAML policy line may have; write long lists"
                + " one item per line, move many hosts to a domain list file, or use JSON"), m);
    }

    @Test
    void filesNearTheCapLoadInLinearTimeInEveryForm() throws Exception {
        // The longest lines allowed, as comments, as a string folded over many lines, and in JSON one line.
        String[][] forms = {
            {"comments.yaml", "rules: []\n", "# ", "\n", ""},
            {"string.yaml", "rules:\n  - deny: a.test\n    name: \"", "", "\n     ", "\"\n"},
            {"string.json", "{\"rules\": [{\"deny\": \"a.test\", \"name\": \"", "", "", "\"}]}\n"},
        };
        for (String[] form : forms) {
            long small = allocatedLoading(write(dir, form[0], build(form, 1 << 20)));
            long large = allocatedLoading(write(dir, form[0], build(form, CAP - 64 * 1024)));
            double ratio = large / (double) small;
            assertTrue(ratio < 6, form[0] + ": ~3.9x the size, " + ratio + "x the allocation (" + small + " -> " + large + ")");
            assertTrue(large < 64L * CAP, form[0] + ": allocated " + large + " bytes for " + CAP + " bytes");
        }
    }

    @Test
    void longValuesAreShortenedInTheOneLineError() throws Exception {
        String key = letters(40_000);
        String m = refusal(write(dir, "k.json", "{\"rules\": [], \"" + key + "\": 1}"));
        assertTrue(m.length() < 700, m.length() + " characters: " + m);
        assertFalse(m.contains(key));
        String h = refusal(write(dir, "h.json", "{\"rules\": [{\"deny\": \"" + key + ".test\"}]}"));
        assertTrue(h.length() < 200 && h.contains("...\" (40005 characters)"), h);
    }

    private static String build(String[] form, int size) {
        StringBuilder sb = new StringBuilder(size + 1024).append(form[1]);
        int line = (16 << 10) - 16;
        while (sb.length() + line + form[3].length() + form[4].length() + form[2].length() < size) {
            sb.append(form[2]).append(letters(line)).append(form[3]);
        }
        return sb.append(form[4]).toString();
    }

    private static long allocatedLoading(Path f) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // the same kinds of work first, so that loading classes is not counted
        PolicyLoader.load(write(f.getParent(), "warm.yaml", "rules:\n  - deny: a.test\n"));
        PolicyLoader.load(write(f.getParent(), "warm.json", "{\"rules\": []}"));
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            PolicyLoader.load(f);
        } catch (PolicyException expected) {
            // refusing must be linear too
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static String refusal(Path f) {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(f));
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    private static String comments(int size) {
        StringBuilder sb = new StringBuilder(size);
        while (sb.length() < size) {
            int n = Math.min(size - sb.length(), 1000) - 1;
            sb.append(n >= 1 ? "#" + letters(n - 1) : "").append('\n');
        }
        return sb.toString();
    }

    private static String letters(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ('a' + i % 26);
        }
        return new String(c);
    }
}
