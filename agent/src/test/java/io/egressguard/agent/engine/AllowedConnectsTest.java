package io.egressguard.agent.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.policy.Policy;
import org.junit.jupiter.api.Test;

class AllowedConnectsTest {
    private final Policy policy = Policy.defaults();
    private final AllowedConnects connects = new AllowedConnects();

    @Test
    void aNameIsKnownOnlyOnThePortAndUnderThePolicyItsConnectWasAllowedBy() {
        assertFalse(connects.lastAllowed("api.example.test", 443, policy));
        connects.allowed("API.Example.test", 443, policy);
        assertTrue(connects.lastAllowed("api.example.test", 443, policy), "names compare without case");
        assertFalse(connects.lastAllowed("api.example.test", 80, policy));
        assertFalse(connects.lastAllowed("api.example.test", 443, Policy.failClosed("reloaded")), "another policy object: a reload");
        assertFalse(connects.lastAllowed("other.example.test", 443, policy));
    }

    @Test
    void aRecordedConnectForgetsTheName() {
        connects.allowed("api.example.test", 443, policy);
        connects.recorded("API.example.test");
        assertFalse(connects.lastAllowed("api.example.test", 443, policy));
    }

    @Test
    void theLatestPortWins() {
        connects.allowed("api.example.test", 443, policy);
        connects.allowed("api.example.test", 8443, policy);
        assertTrue(connects.lastAllowed("api.example.test", 8443, policy));
        assertFalse(connects.lastAllowed("api.example.test", 443, policy));
    }
}
