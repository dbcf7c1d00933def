package io.egressguard.agent.startup;

import java.util.Properties;

/**
 * Recognises the JDK's own tools (javac, jar, jshell, jcmd, keytool, jlink ...), where the agent
 * stays dormant by default: JAVA_TOOL_OPTIONS reaches them too, and they are not what the operator
 * wants to police. The launcher runs every one of them as a module main from a jdk.* or java.*
 * module; applications with a module main are in their own modules.
 */
final class JdkTools {
    private JdkTools() {
    }

    static boolean isJdkTool(Properties systemProperties) {
        String module = systemProperties.getProperty("jdk.module.main");
        return module != null && (module.startsWith("jdk.") || module.startsWith("java."));
    }
}
