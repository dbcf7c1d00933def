package io.egressguard.agent.startup;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmInfoProbeTest {
    private static final String ID = "4f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";

    @Test
    void containerIdFromCgroupV1(@TempDir Path tmp) throws Exception {
        Path cgroup = Files.writeString(tmp.resolve("cgroup"), "12:pids:/docker/" + ID + "\n0::/\n");
        assertEquals(ID, JvmInfoProbe.containerId(cgroup, tmp.resolve("none")));
    }

    @Test
    void containerIdFromMountinfoUnderCgroupV2(@TempDir Path tmp) throws Exception {
        Path cgroup = Files.writeString(tmp.resolve("cgroup"), "0::/\n");
        Path mounts = Files.writeString(tmp.resolve("mountinfo"),
                "612 590 254:1 /var/lib/docker/containers/" + ID + "/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw\n");
        assertEquals(ID, JvmInfoProbe.containerId(cgroup, mounts));
    }

    @Test
    void noContainerOutsideOne(@TempDir Path tmp) throws Exception {
        Path cgroup = Files.writeString(tmp.resolve("cgroup"), "0::/user.slice/user-1000.slice/session-2.scope\n");
        assertNull(JvmInfoProbe.containerId(cgroup, tmp.resolve("none")));
    }

    @Test
    void mainClassFromTheLauncherCommand() {
        Properties p = new Properties();
        p.setProperty("sun.java.command", "com.acme.Main --port 8080");
        assertEquals("com.acme.Main", JvmInfoProbe.mainClass(p));
        p.setProperty("sun.java.command", "/opt/app.jar");
        assertEquals("/opt/app.jar", JvmInfoProbe.mainClass(p));
    }

    @Test
    void probeDescribesThisJvm() {
        var info = JvmInfoProbe.probe(System.getProperties(), Map.of());
        assertEquals(ProcessHandle.current().pid(), info.pid);
        assertTrue(info.startTime > 0 && info.startTime <= System.currentTimeMillis());
        assertNotNull(info.hostname);
    }
}
