package io.egressguard.collector.store;

/** What the report queries return: aggregates computed by the store, not in memory. */
public final class ReportRows {
    private ReportRows() {
    }

    /** Attempts are sums of each event's {@code count}; records are rows. Times are epoch nanoseconds. */
    public record Summary(long records, Long firstNanos, Long lastNanos, long jvms, long blocked, long monitored,
                          long allowed, long destinations, long dropped) {
        public long attempts() {
            return blocked + monitored + allowed;
        }
    }

    /** A destination is the host (the IP when no host name is known) and port. */
    public record Destination(String host, int port, String vendor, long attempts, long firstNanos, long lastNanos,
                              String action, String apis) {
    }

    /** {@code origin} is the Maven gav when known, else the jar, else empty. */
    public record Culprit(String frame, String origin, long attempts, long destinationCount, String destinations) {
    }
}
