package io.egressguard.agent.journal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs a main class of the test class path in a plain {@code java} process and captures its output. */
final class ForkedJvm {
    final Path javaHome;

    ForkedJvm(Path javaHome) {
        this.javaHome = javaHome;
    }

    /** The JDKs to test on: {@code egressguard.it.jdks} (comma separated homes) or this JVM, 17 and 25. */
    static List<ForkedJvm> jdks() {
        String configured = System.getProperty("egressguard.it.jdks");
        List<String> homes = configured != null && !configured.isEmpty()
                ? Arrays.asList(configured.split(","))
                : Arrays.asList(System.getProperty("java.home"), "/usr/lib/jvm/java-17-openjdk-amd64",
                        "/usr/lib/jvm/temurin-25-jdk-amd64");
        Map<Path, ForkedJvm> byRealPath = new LinkedHashMap<>();
        for (String home : homes) {
            Path java = Paths.get(home.trim(), "bin", "java");
            if (Files.isExecutable(java)) {
                try {
                    byRealPath.putIfAbsent(java.toRealPath(), new ForkedJvm(Paths.get(home.trim())));
                } catch (IOException ignored) {
                    // not there
                }
            }
        }
        return new ArrayList<>(byRealPath.values());
    }

    int feature() throws IOException {
        for (String line : Files.readAllLines(javaHome.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(v.split("[.+-]")[0]);
            }
        }
        throw new IOException("no JAVA_VERSION in " + javaHome.resolve("release"));
    }

    Result run(Path workDir, Path home, Path tmpDir, List<String> jvmArgs, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.add("-Duser.home=" + home);
        command.add("-Djava.io.tmpdir=" + tmpDir);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("forked", ".out");
        Path err = Files.createTempFile("forked", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("HOME", home.toString());
            pb.environment().put("TMPDIR", tmpDir.toString());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("forked JVM timed out: " + command);
            }
            return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8), command);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String absoluteClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Paths.get(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Override
    public String toString() {
        return javaHome.toString();
    }

    static final class Result {
        final int exit;
        final String out;
        final String err;
        final List<String> command;

        Result(int exit, String out, String err, List<String> command) {
            this.exit = exit;
            this.out = out;
            this.err = err;
            this.command = command;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err + "--- command\n"
                    + command.stream().map(a -> a.length() > 200 ? a.substring(0, 200) + "..." : a)
                    .collect(Collectors.joining(" "));
        }
    }
}
