package io.egressguard.agent.itapps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a child {@code java} process the way apps do (ProcessBuilder, inherited environment, so an
 * inherited JAVA_TOOL_OPTIONS), running BackstopPaths HOST PORT socket, and reports what the child
 * printed: RESULT child-pid, RESULT child-exit, each of its stdout lines as CHILD-OUT and its stderr
 * lines as CHILD-ERR. Usage: SpawnChild HOST PORT.
 */
public final class SpawnChild {
    public static void main(String[] args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = Files.createTempFile("child-err", ".txt");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                BackstopPaths.class.getName(), args[0], args[1], "socket"))
                .redirectError(err.toFile())
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = child.waitFor();
        Outcome.print("child-pid", String.valueOf(child.pid()));
        Outcome.print("child-exit", String.valueOf(exit));
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                System.out.println("CHILD-OUT " + line);
            }
        }
        for (String line : Files.readAllLines(err)) {
            System.out.println("CHILD-ERR " + line);
        }
        Files.delete(err);
    }
}
