package io.egressguard.collector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forked JVMs under the packaged agent jar (agent/target/egressguard-agent.jar, built before this
 * module) on every JDK of {@code egressguard.it.jdks}, and the packaged collector to drain what they
 * recorded: the agent and the collector together, as an operator runs them.
 */
final class AgentRuns {
    /** The loopback address the tests' policy denies; its listener must see no connection. */
    static final String CANARY = "127.0.0.2";

    private AgentRuns() {
    }

    static Path agentJar() {
        Path jar = Path.of(System.getProperty("egressguard.agent.jar", "../agent/target/egressguard-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": run through Maven (./mvnw -pl collector -am verify)");
        }
        return jar;
    }

    static Path collectorJar() {
        return Path.of(System.getProperty("egressguard.collector.jar", "target/egressguard-collector.jar")).toAbsolutePath();
    }

    static List<Path> jdks() {
        String spec = System.getProperty("egressguard.it.jdks", System.getProperty("java.home"));
        Set<Path> homes = new LinkedHashSet<>();
        for (String s : spec.split(",")) {
            if (!s.isBlank()) {
                Path home = Path.of(s.trim()).toAbsolutePath().normalize();
                if (!Files.isExecutable(home.resolve("bin/java"))) {
                    throw new IllegalStateException("egressguard.it.jdks names " + home + ", which has no bin/java");
                }
                homes.add(home);
            }
        }
        return new ArrayList<>(homes);
    }

    static Path denyCanaryPolicy(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("policy.yaml"), "rules:\n  - deny: " + CANARY + "\n    severity: high\n    name: canary\n");
    }

    /** Starts {@code mainClass} of the test classes under the agent; stdout and stderr go to files in {@code dir}. */
    static Process start(Path jdk, Path dir, String agentArgs, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(), "-Xshare:auto",
                "-javaagent:" + agentJar() + "=" + agentArgs, "-cp", Path.of("target/test-classes").toAbsolutePath().toString(), mainClass));
        cmd.addAll(List.of(args));
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        return pb.start();
    }

    /** Runs the packaged collector's {@code drain} once; returns its stderr (it must exit 0). */
    static String drain(Path queue, Path db) throws Exception {
        Path out = Files.createTempFile(db.getParent(), "drain-out", ".txt");
        Path err = Files.createTempFile(db.getParent(), "drain-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                collectorJar().toString(), "drain", "--queue", queue.toString(), "--store", "sqlite:" + db)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("drain did not finish in 180 s");
        }
        String stderr = Files.readString(err);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("drain exited " + p.exitValue() + ": " + stderr);
        }
        return stderr;
    }

    /** A TCP listener on the canary address that counts connections: a blocked path leaves it at zero. */
    static final class Canary implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicLong connections = new AtomicLong();

        Canary() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(CANARY), 0));
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "canary");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        long connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
