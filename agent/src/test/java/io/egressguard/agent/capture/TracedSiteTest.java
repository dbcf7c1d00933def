package io.egressguard.agent.capture;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Another thread's frames print as walked frames do, whether or not the JDK formatted them. */
class TracedSiteTest {
    @Test
    void builtInLoadersAndJdkModuleVersionsAreLeftOut() {
        assertEquals("com.acme.Sdk.send(Sdk.java:12)",
                TracedSite.format(new StackTraceElement("app", null, null, "com.acme.Sdk", "send", "Sdk.java", 12)));
        assertEquals("java.net.http/jdk.internal.net.http.HttpClientImpl.send(HttpClientImpl.java:553)",
                TracedSite.format(new StackTraceElement("platform", "java.net.http", "17.0.15", "jdk.internal.net.http.HttpClientImpl", "send", "HttpClientImpl.java", 553)));
        assertEquals("java.base/java.lang.Thread.run(Thread.java:840)",
                TracedSite.format(new StackTraceElement(null, "java.base", "17.0.15", "java.lang.Thread", "run", "Thread.java", 840)));
    }

    @Test
    void otherLoadersAndModulesKeepTheirNamesAndVersions() {
        assertEquals("plugins/com.acme.sdk@2.1/com.acme.Sdk.send(Unknown Source)",
                TracedSite.format(new StackTraceElement("plugins", "com.acme.sdk", "2.1", "com.acme.Sdk", "send", null, -1)));
        assertEquals("plugins//com.acme.Sdk.send(Native Method)",
                TracedSite.format(new StackTraceElement("plugins", null, null, "com.acme.Sdk", "send", null, -2)));
        assertEquals(new StackTraceElement("com.acme.Sdk", "send", "Sdk.java", 3).toString(),
                TracedSite.format(new StackTraceElement(null, null, null, "com.acme.Sdk", "send", "Sdk.java", 3)));
    }
}
