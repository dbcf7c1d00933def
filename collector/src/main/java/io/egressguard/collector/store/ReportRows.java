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

    /**
     * The report's totals: records, time range, attempts by action, dropped events, recorded payload
     * bytes, and attempts per severity (critical, high, medium, low, then none: rules that set none).
     */
    public record Totals(long records, Long firstNanos, Long lastNanos, long blocked, long monitored, long allowed, long dropped,
                         long payloadBytes, java.util.Map<String, Long> bySeverity) {
    }

    /** The first rows of a ranking, and how many rows there are in all. */
    public record Ranked<T>(java.util.List<T> rows, long total) {
    }

    /** One JVM, by its journal; pid, host and main class as its events last reported them. */
    public record Jvm(String journal, Long pid, String host, String mainClass, long attempts, long firstNanos, long lastNanos) {
    }

    /**
     * One destination (host, the IP when no host is known, and port; -1 for a refused lookup) over all actions.
     * {@code payloadBytes} sums the recorded payload sizes (each record's, not multiplied by its count).
     */
    public record DestinationTotal(String host, int port, String vendor, long attempts, long blocked, long monitored,
                                   long allowed, long firstNanos, long lastNanos, long payloadBytes, String apis) {
    }

    /**
     * A group of events by a key (a call site's frame and origin, or a dependency's gav and jar) with
     * its attempts and how many distinct destinations (host:port) it reached. A dependency also has
     * the package URL and evidence its events recorded (null when none did, as events stored before
     * schema v8 did not keep them); a call site has neither.
     */
    public record Group(String key, String origin, long attempts, long destinationCount, String purl, String evidence) {
    }

    /**
     * Attempts of one dependency (the culprit's gav and jar, each null when unknown, with the purl and
     * evidence its events recorded) to one destination (host else IP, and port) with one action.
     */
    public record Flow(String gav, String jar, String purl, String evidence, String host, int port, String action,
                       long attempts, long firstNanos, long lastNanos) {
    }

    /** Attempts of one group (see {@link Group}) to one destination. */
    public record GroupDestination(String key, String origin, String destination, long attempts) {
    }

    /** The groups with most attempts, each with its destinations with most attempts. */
    public record Groups(java.util.List<Group> groups, java.util.List<GroupDestination> destinations) {
    }

    /** A distinct stack: its hash (null for events without one), frames as a JSON array innermost first, attempts. */
    public record StackTotal(String hash, String frames, long attempts) {
    }

    /** The stacks with most attempts, and how many distinct stacks there are in all (events without one not counted). */
    public record StackTotals(java.util.List<StackTotal> top, long distinct) {
    }

    /** Attempts by action in one time bucket that starts at {@code startNanos}. */
    public record Bucket(long startNanos, long blocked, long monitored, long allowed) {
        public long attempts() {
            return blocked + monitored + allowed;
        }
    }

    /** An event with a recorded payload, as the largest-payloads section lists it (preview from its JSON). */
    public record PayloadEvent(String id, long timeNanos, long size, String destination, String action, String frame,
                               String origin) {
    }
}
