package io.egressguard.agent.startup;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdkToolsTest {
    private static boolean tool(String module) {
        Properties p = new Properties();
        if (module != null) {
            p.setProperty("jdk.module.main", module);
        }
        return JdkTools.isJdkTool(p);
    }

    @Test
    void launcherModulesOfJdkToolsAreRecognised() {
        assertTrue(tool("jdk.compiler"));
        assertTrue(tool("jdk.jshell"));
        assertTrue(tool("jdk.jcmd"));
        assertTrue(tool("java.base"), "keytool runs from java.base");
        assertFalse(tool(null), "a class-path app");
        assertFalse(tool("com.acme.app"), "an app with its own module");
    }
}
