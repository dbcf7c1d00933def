package io.egressguard.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    @Test
    void opensOnFailureRetriesAfterBackoffAndDoublesUpToTheMaximum() {
        CircuitBreaker breaker = new CircuitBreaker(100, 300);
        assertTrue(breaker.allows(0));
        assertTrue(breaker.failure(0), "the first failure opens it (worth a warning)");
        assertFalse(breaker.allows(99));
        assertTrue(breaker.allows(100), "retry after the back-off");
        assertFalse(breaker.failure(100), "a failed retry is not a new outage");
        assertEquals(200, breaker.backoffMillis());
        assertFalse(breaker.allows(299));
        assertFalse(breaker.failure(300));
        assertEquals(300, breaker.backoffMillis(), "capped");
        assertTrue(breaker.allows(600));
        assertTrue(breaker.success(), "recovery is reported once");
        assertFalse(breaker.success());
        assertTrue(breaker.failure(700));
        assertEquals(100, breaker.backoffMillis(), "a new outage starts with the first back-off again");
    }
}
