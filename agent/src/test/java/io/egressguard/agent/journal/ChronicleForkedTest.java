package io.egressguard.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.agent.it.ForkedJvm;
import io.egressguard.agent.it.Jdks;
import io.egressguard.agent.journal.ChronicleModuleAccess.Grant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chronicle inside someone else's JVM, in plain forked {@code java} processes (no agent, the test
 * class path) on every JDK of {@link Jdks}: silent, leaves no file outside its queue directory,
 * reads no system.properties, needs exactly the grants of {@link ChronicleModuleAccess}, loads only
 * on demand.
 */
class ChronicleForkedTest {
    @TempDir
    Path tmp;

    static List<Path> jdks() {
        return Jdks.homes();
    }

    /** JournalProbe in a fresh JVM whose working directory, home and temporary directory are the test's. */
    private static ForkedJvm.Result probe(Path jdk, Path work, Path home, Path javaTmp, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        return new ForkedJvm(jdk).withoutAgentFlag().testClassPath().timeout(120).workDir(work)
                .jvmArg("-Duser.home=" + home, "-Djava.io.tmpdir=" + javaTmp).jvmArg(jvmArgs.toArray(new String[0]))
                .env("HOME", home.toString()).env("TMPDIR", javaTmp.toString())
                .run(JournalProbe.class.getName(), args);
    }

    static List<String> grantFlags(List<Grant> grants) {
        return grants.stream().map(g -> g.toFlag("ALL-UNNAMED")).collect(Collectors.toList());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void exactlyTheListedGrantsLetChronicleAppendAndReadBackSilentlyAndLeaveNoFilesBehind(Path jdk)
            throws Exception {
        Path work = dir("work/app");
        Path home = dir("home");
        Path javaTmp = dir("javatmp");
        Path queues = tmp.resolve("queues");
        // Chronicle's Jvm would copy these into System properties
        Files.write(work.resolve("system.properties"), "egressguard.canary=cwd\n".getBytes(StandardCharsets.UTF_8));
        Files.write(work.getParent().resolve("system.properties"), "egressguard.canary=parent\n".getBytes(StandardCharsets.UTF_8));
        Set<String> before = tree(tmp);

        ForkedJvm.Result r = probe(jdk, work, home, javaTmp, grantFlags(ChronicleModuleAccess.required()),
                queues.toString(), "1000");

        assertEquals(0, r.exitCode, r.toString());
        assertEquals("", r.stdout, "nothing on stdout: " + r);
        assertEquals("", withoutUnsafeWarning(r.stderr), "nothing on stderr but the JDK's Unsafe notice: " + r);
        Set<String> created = tree(tmp);
        created.removeAll(before);
        Set<String> outside = created.stream().filter(p -> !p.startsWith("queues")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(), outside, "files created outside the queue parent");
        List<Path> journals = list(queues);
        assertEquals(1, journals.size(), journals.toString());
        Set<String> inJournal = list(journals.get(0)).stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(inJournal.contains("jvm.json") && inJournal.contains("metadata.cq4t"), inJournal.toString());
        assertTrue(inJournal.stream().allMatch(n -> n.equals("jvm.json") || n.equals("spill.log") || n.endsWith(".cq4") || n.endsWith(".cq4t")),
                "only queue files, the spill file and jvm.json: " + inJournal);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyListedGrantIsNeeded(Path jdk) throws Exception {
        List<Grant> all = ChronicleModuleAccess.required();
        List<String> notNeeded = new ArrayList<>();
        for (Grant left : all) {
            List<Grant> fewer = new ArrayList<>(all);
            fewer.remove(left);
            ForkedJvm.Result r = probe(jdk, dir("n/" + left.pkg + "/work"), dir("n/" + left.pkg + "/home"),
                    dir("n/" + left.pkg + "/tmp"), grantFlags(fewer), tmp.resolve("n/" + left.pkg + "/queues").toString(), "10");
            if (r.exitCode == 0 && r.stdout.isEmpty() && withoutUnsafeWarning(r.stderr).isEmpty()) {
                notNeeded.add(left + "\n" + r);
            }
        }
        assertEquals(new ArrayList<>(), notNeeded, "grants without which Chronicle still works silently");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aJournalThatGetsNoEventLoadsNoChronicleButItsShutdownHook(Path jdk) throws Exception {
        Path log = tmp.resolve("classes.log");
        List<String> flags = new ArrayList<>(grantFlags(ChronicleModuleAccess.required()));
        flags.add("-Xlog:class+load=info:file=" + log);
        ForkedJvm.Result r = probe(jdk, dir("work"), dir("home"), dir("javatmp"), flags, tmp.resolve("queues").toString(), "0");
        assertEquals(0, r.exitCode, r.toString());
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("io.egressguard.agent.journal.Journal ")), "log works");
        // Only Chronicle's tiny shutdown-hook registry loads up front (ChronicleShutdownHook): nothing else.
        List<String> chronicle = loaded.stream().filter(l -> l.contains("net.openhft."))
                .filter(l -> !l.contains("net.openhft.chronicle.core.shutdown.PriorityHook") && !l.contains("net.openhft.chronicle.core.shutdown.Hooklet "))
                .collect(Collectors.toList());
        assertEquals(new ArrayList<>(), chronicle);
        assertFalse(loaded.stream().anyMatch(l -> l.contains("io.egressguard.agent.journal.ChronicleSink ")));
    }

    /**
     * JDK 24+ prints this 4-line notice once per JVM at the first sun.misc.Unsafe memory access
     * (JEP 498); here Chronicle Core's UnsafeMemory is the caller. Only the command-line flag
     * --sun-misc-unsafe-memory-access=allow silences it (it is a saved boot property), so the agent
     * cannot; it is the one line set tolerated, and only when it names Chronicle.
     */
    static String withoutUnsafeWarning(String err) {
        return err.replaceAll("WARNING: A terminally deprecated method in sun\\.misc\\.Unsafe has been called\\R"
                + "WARNING: sun\\.misc\\.Unsafe::\\w+ has been called by net\\.openhft\\.chronicle\\.[\\w.$]+ \\(file:[^)]*\\)\\R"
                + "WARNING: Please consider reporting this to the maintainers of class net\\.openhft\\.chronicle\\.[\\w.$]+\\R"
                + "WARNING: sun\\.misc\\.Unsafe::\\w+ will be removed in a future release\\R", "");
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(Collectors.toList());
        }
    }

    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
