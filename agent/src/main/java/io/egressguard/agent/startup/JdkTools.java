package io.egressguard.agent.startup;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Recognises the JDK's own tools (javac, jar, jshell, jcmd, keytool, jlink ...), where the agent
 * stays dormant by default: JAVA_TOOL_OPTIONS reaches them too, and they are not what the operator
 * wants to police. The launcher runs every one of them as a module main from a jdk.* or java.*
 * module. That property alone is no proof: {@code -Djdk.module.main=jdk.jshell} on an app's command
 * line set it while the app ran from its class path, and the agent slept. So a claim is checked
 * against what the kernel says was launched: a tool launcher of this JDK ({@code <java.home>/bin/jshell}),
 * or {@code java} whose own options name that module with {@code -m}/{@code --module}.
 */
final class JdkTools {
    /** Launcher options whose value is the next argument (the launcher's own list, for {@code java}). */
    private static final Set<String> TAKES_VALUE = new HashSet<>(Arrays.asList(
            "-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path", "--add-modules",
            "--limit-modules", "--add-reads", "--add-exports", "--add-opens", "--patch-module", "--source",
            "--enable-native-access", "--describe-module", "-d"));

    private JdkTools() {
    }

    static boolean isJdkTool(Properties systemProperties) {
        String module = systemProperties.getProperty("jdk.module.main");
        if (module == null || !(module.startsWith("jdk.") || module.startsWith("java."))) {
            return false;
        }
        ProcessHandle.Info launched = ProcessHandle.current().info();
        return launchedAs(module, systemProperties.getProperty("java.home"), launched.command(), launched.arguments());
    }

    /**
     * Whether the process the kernel records (its executable and arguments) really runs {@code module}
     * as its main: nothing recorded means no proof, and the agent stays awake.
     */
    static boolean launchedAs(String module, String javaHome, Optional<String> command, Optional<String[]> arguments) {
        if (!command.isPresent() || javaHome == null) {
            return false;
        }
        Path exe = Paths.get(command.get()).normalize();
        Path bin = Paths.get(javaHome, "bin").normalize();
        if (exe.getParent() == null || !exe.getParent().equals(bin)) {
            return false;
        }
        String name = exe.getFileName().toString();
        if (!name.equals("java") && !name.equals("javaw")) {
            return true; // this JDK's own tool launcher: it passes the module itself, on no command line
        }
        return arguments.isPresent() && mainModuleOption(Arrays.asList(arguments.get())).map(m -> m.equals(module)).orElse(false);
    }

    /** The module {@code java}'s options name with -m/--module, read as the launcher reads them; empty at the main class, -jar or an @file. */
    static Optional<String> mainModuleOption(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-m") || a.equals("--module")) {
                return i + 1 < args.size() ? Optional.of(moduleOf(args.get(i + 1))) : Optional.<String>empty();
            }
            if (a.startsWith("--module=")) {
                return Optional.of(moduleOf(a.substring("--module=".length())));
            }
            if (TAKES_VALUE.contains(a)) {
                i++;
                continue;
            }
            if (!a.startsWith("-") || a.equals("-jar") || a.equals("--source") || a.startsWith("@")) {
                return Optional.empty(); // the main class or jar: what follows is the app's
            }
        }
        return Optional.empty();
    }

    private static String moduleOf(String spec) {
        int slash = spec.indexOf('/');
        return slash < 0 ? spec : spec.substring(0, slash);
    }
}
