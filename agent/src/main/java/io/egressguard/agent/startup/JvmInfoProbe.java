package io.egressguard.agent.startup;

import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Describes this JVM for its events without touching the network: the host name comes from the
 * kernel, never from {@code InetAddress.getLocalHost()}, which may query DNS.
 */
final class JvmInfoProbe {
    private static final Pattern CONTAINER_ID = Pattern.compile("([0-9a-f]{64})");
    private static final Pattern MOUNT_CONTAINER = Pattern.compile("/(?:docker/)?containers/([0-9a-f]{64})/");

    private JvmInfoProbe() {
    }

    static JvmInfo probe(Properties systemProperties, Map<String, String> env) {
        JvmInfo info = new JvmInfo();
        ProcessHandle self = ProcessHandle.current();
        info.pid = self.pid();
        info.startTime = self.info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
        info.hostname = hostname(env);
        info.container = containerId(Paths.get("/proc/self/cgroup"), Paths.get("/proc/self/mountinfo"));
        info.mainClass = mainClass(systemProperties);
        return info;
    }

    static String hostname(Map<String, String> env) {
        return io.egressguard.policy.LocalNames.hostName(env);
    }

    /** The main class, or the jar for {@code java -jar}, or the module main. */
    static String mainClass(Properties systemProperties) {
        String command = systemProperties.getProperty("sun.java.command", "").trim();
        if (!command.isEmpty()) {
            int space = command.indexOf(' ');
            return space < 0 ? command : command.substring(0, space);
        }
        String module = systemProperties.getProperty("jdk.module.main");
        return module != null ? module : "unknown";
    }

    static String containerId(Path cgroup, Path mountinfo) {
        for (String line : lines(cgroup)) {
            if (line.contains("docker") || line.contains("kubepods") || line.contains("containerd") || line.contains("crio") || line.contains("libpod")) {
                Matcher m = CONTAINER_ID.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        // cgroup v2 shows "0::/" inside a container; the runtime's bind mounts still name it.
        for (String line : lines(mountinfo)) {
            Matcher m = MOUNT_CONTAINER.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return java.util.Collections.emptyList();
        }
    }
}
