package io.egressguard.agent.journal;

/**
 * After a write failure the writer stops writing for a back-off period (events are dropped and
 * counted), then tries again; each failed retry doubles the back-off up to a maximum. So a broken
 * disk costs one failed write per back-off period, never a spinning thread. Writer thread only.
 */
final class CircuitBreaker {
    private final long firstBackoffMillis;
    private final long maxBackoffMillis;
    private long backoffMillis;
    private long openUntil;
    private boolean open;

    CircuitBreaker(long firstBackoffMillis, long maxBackoffMillis) {
        this.firstBackoffMillis = firstBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    /** True when a write may be tried now: closed, or open with its back-off elapsed (a retry). */
    boolean allows(long nowMillis) {
        return !open || nowMillis - openUntil >= 0;
    }

    /** Records a failure; true when it opened a closed breaker (worth one warning). */
    boolean failure(long nowMillis) {
        boolean opened = !open;
        backoffMillis = opened ? firstBackoffMillis : Math.min(maxBackoffMillis, backoffMillis * 2);
        open = true;
        openUntil = nowMillis + backoffMillis;
        return opened;
    }

    /** Records a success; true when it closed an open breaker (the journal recovered). */
    boolean success() {
        boolean recovered = open;
        open = false;
        return recovered;
    }

    boolean isOpen() {
        return open;
    }

    long backoffMillis() {
        return backoffMillis;
    }
}
