package io.egressguard.agent.capture;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.instrumentation.Instrumentations;
import org.junit.jupiter.api.Test;

/**
 * Clients are transports, instrumented (their module names their packages) or not: the culprit is
 * the code that called them.
 */
class CodeOriginsTest {
    private final CodeOrigins origins = new CodeOrigins(Instrumentations.all().transportPackages());

    @Test
    void onlyTheLibrariesWithoutAModuleAreKnownWithoutTheModules() {
        assertFalse(new CodeOrigins().isTransport("org.eclipse.jetty.client.HttpClient"));
        assertTrue(new CodeOrigins().isTransport("retrofit2.OkHttpCall"));
    }

    @Test
    void apacheAndJettyClientsAreTransports() {
        assertTrue(origins.isTransport("org.apache.hc.client5.http.impl.classic.InternalExecRuntime"));
        assertTrue(origins.isTransport("org.apache.hc.core5.http.impl.io.BHttpConnectionBase"));
        assertTrue(origins.isTransport("org.eclipse.jetty.io.ClientConnector"));
        assertTrue(origins.isTransport("org.eclipse.jetty.client.HttpClient"));
    }

    @Test
    void appCodeIsNot() {
        assertFalse(origins.isTransport("io.egressguard.agent.itapps.JettyCalls"));
        assertFalse(origins.isTransport("org.apache.commons.lang3.StringUtils"));
    }
}
