package io.egressguard.agent.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM of one of the {@link Jdks} and collects what it printed: by
 * default under the packaged agent jar with target/test-classes as class path (the integration
 * tests), or without the agent and with this JVM's whole test class path (unit tests that need a
 * fresh JVM, e.g. journal.ChronicleForkedTest). The child gets none of this JVM's
 * JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS or EGRESSGUARD_* variables.
 */
public final class ForkedJvm {
    private final Path javaHome;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> classpath = new ArrayList<>();
    private String agentArgs;
    private boolean withAgent = true;
    private Path workDir;
    private long timeoutSeconds = 60;

    /** Fails the calling test when {@code javaHome} is no JDK ({@link Jdks#require}). */
    public ForkedJvm(Path javaHome) {
        this.javaHome = Jdks.require(javaHome);
        classpath.add(testClasses().toString());
    }

    public static Path agentJar() {
        String p = System.getProperty("egressguard.agent.jar", "target/egressguard-agent.jar");
        Path jar = Paths.get(p).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": run the integration tests through Maven (mvn verify)");
        }
        return jar;
    }

    public static Path testClasses() {
        return Paths.get("target/test-classes").toAbsolutePath();
    }

    public ForkedJvm agentArgs(String args) {
        this.agentArgs = args;
        return this;
    }

    public ForkedJvm withoutAgentFlag() {
        this.withAgent = false;
        return this;
    }

    public ForkedJvm jvmArg(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    public ForkedJvm env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public ForkedJvm classpath(Path entry) {
        classpath.add(entry.toString());
        return this;
    }

    /**
     * This test JVM's whole class path (Surefire and Failsafe set java.class.path to it) instead of
     * target/test-classes alone: for apps that run the agent's classes directly, without its jar.
     */
    public ForkedJvm testClassPath() {
        classpath.clear();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classpath.add(Paths.get(entry).toAbsolutePath().toString());
            }
        }
        return this;
    }

    public ForkedJvm workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public ForkedJvm timeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    public Result run(String mainClass, String... args) throws IOException, InterruptedException {
        return exec(command(mainClass, args));
    }

    /** Starts the JVM and returns at once: stdout is readable live, stderr goes to {@code stderrFile}. */
    public Process start(Path stderrFile, String mainClass, String... args) throws IOException {
        ProcessBuilder pb = builder(command(mainClass, args));
        pb.redirectError(stderrFile.toFile());
        return pb.start();
    }

    private List<String> command(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.add("-Xshare:auto");
        if (withAgent) {
            cmd.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath));
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Runs any command (a JDK tool, say) with this JVM's environment settings. */
    public Result exec(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(cmd);
        Path out = Files.createTempFile("forked-out", ".txt");
        Path err = Files.createTempFile("forked-err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new IllegalStateException("forked JVM timed out after " + timeoutSeconds + " s: " + cmd
                    + "\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
        }
        Result r = new Result(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    private ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        for (String k : new ArrayList<>(pb.environment().keySet())) {
            if (k.startsWith("EGRESSGUARD_")) {
                pb.environment().remove(k);
            }
        }
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return pb;
    }

    public static final class Result {
        public final List<String> command;
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(List<String> command, int exitCode, String stdout, String stderr) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** The value of the last {@code RESULT key=value} line the app printed, or null. */
        public String result(String key) {
            String found = null;
            for (String line : stdout.split("\n")) {
                String prefix = "RESULT " + key + "=";
                if (line.startsWith(prefix)) {
                    found = line.substring(prefix.length()).trim();
                }
            }
            return found;
        }

        /** The value of the first stdout line {@code <prefix>=value}, or null. */
        public String value(String prefix) {
            for (String line : stdout.split("\n")) {
                if (line.startsWith(prefix + "=")) {
                    return line.substring(prefix.length() + 1).trim();
                }
            }
            return null;
        }

        /** The exception message the app printed for an attempt ({@code MESSAGE name=...}). */
        public String message(String name) {
            String prefix = "MESSAGE " + name + "=";
            for (String line : stdout.split("\n")) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        /** stderr without lines the JVM itself prints for reasons unrelated to the agent. */
        public String agentStderr() {
            StringBuilder sb = new StringBuilder();
            for (String line : stderr.split("\n")) {
                if (line.startsWith("Picked up JAVA_TOOL_OPTIONS") || line.isBlank()) {
                    continue;
                }
                sb.append(line).append('\n');
            }
            return sb.toString();
        }

        /** Long arguments (a class path) cut to 200 characters. */
        @Override
        public String toString() {
            List<String> shown = new ArrayList<>();
            for (String arg : command) {
                shown.add(arg.length() > 200 ? arg.substring(0, 200) + "..." : arg);
            }
            return "exit " + exitCode + " of " + shown + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
