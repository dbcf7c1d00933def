package io.egressguard.agent.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdkToolsTest {
    private static final String HOME = "/usr/lib/jvm/jdk-17";

    private static boolean launched(String module, String exe, String... args) {
        return JdkTools.launchedAs(module, HOME, Optional.ofNullable(exe), Optional.of(args));
    }

    @Test
    void aToolLauncherOfThisJdkIsATool() {
        assertTrue(launched("jdk.jshell", HOME + "/bin/jshell"));
        assertTrue(launched("jdk.compiler", HOME + "/bin/javac", "-version"));
        assertTrue(launched("java.base", HOME + "/bin/keytool", "-list"), "keytool runs from java.base");
    }

    @Test
    void javaNamingTheToolModuleItselfIsATool() {
        assertTrue(launched("jdk.jshell", HOME + "/bin/java", "-m", "jdk.jshell"));
        assertTrue(launched("jdk.jshell", HOME + "/bin/java", "-Xmx64m", "--module-path", "x", "--module=jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider"));
    }

    /** Issue 17: the property set on an app's own command line made the agent sleep. */
    @Test
    void aPropertyClaimingAToolOnAnAppsCommandLineIsNot() {
        assertFalse(launched("jdk.jshell", HOME + "/bin/java", "-Djdk.module.main=jdk.jshell", "-cp", "app.jar", "Main"));
        assertFalse(launched("jdk.jshell", HOME + "/bin/java", "-Djdk.module.main=jdk.jshell", "-jar", "app.jar", "-m", "jdk.jshell"),
                "-m after -jar is the app's argument");
        assertFalse(launched("jdk.jshell", HOME + "/bin/java", "-cp", "-m", "Main", "-m", "jdk.jshell"), "-m as -cp's value, then the app's");
        assertFalse(launched("jdk.jshell", HOME + "/bin/java", "-m", "com.acme.app"), "another module runs");
        assertFalse(launched("jdk.jshell", HOME + "/bin/java", "@args.txt"), "an @file cannot be checked: awake");
        assertFalse(launched("jdk.jshell", "/tmp/fake/bin/jshell"), "a launcher outside this JDK");
        assertFalse(launched("jdk.jshell", null), "no record: awake");
    }

    @Test
    void onlyJdkAndJavaModulesAreClaimsAtAll() {
        Properties p = new Properties();
        assertFalse(JdkTools.isJdkTool(p), "a class-path app");
        p.setProperty("jdk.module.main", "com.acme.app");
        assertFalse(JdkTools.isJdkTool(p), "an app with its own module");
        p.setProperty("jdk.module.main", "jdk.jshell");
        p.setProperty("java.home", System.getProperty("java.home"));
        assertFalse(JdkTools.isJdkTool(p), "this test JVM claims jshell but runs surefire's main");
    }

    @Test
    void theLaunchersOptionsAreReadInOrder() {
        assertEquals(Optional.of("jdk.jshell"), JdkTools.mainModuleOption(List.of("-m", "jdk.jshell/x.Main", "a")));
        assertEquals(Optional.empty(), JdkTools.mainModuleOption(Arrays.asList("Main", "-m", "jdk.jshell")));
    }
}
