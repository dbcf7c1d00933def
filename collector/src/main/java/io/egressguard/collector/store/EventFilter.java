package io.egressguard.collector.store;

import io.egressguard.event.Action;

/**
 * Which events a query covers. Null fields do not filter.
 *
 * @param sinceNanos inclusive lower bound on event time, epoch nanoseconds
 * @param untilNanos exclusive upper bound on event time, epoch nanoseconds
 * @param hostGlob   a shell-style glob ({@code *}, {@code ?}, {@code [..]}) matched case-insensitively
 * @param jvmPid     only events of JVMs with this process id
 * @param jvmHost    with {@code jvmPid}, only that JVM's host name (case-insensitive)
 */
public record EventFilter(Long sinceNanos, Long untilNanos, String hostGlob, Action action, Long jvmPid, String jvmHost) {
    public static final EventFilter ALL = new EventFilter(null, null, null, null);

    public EventFilter(Long sinceNanos, Long untilNanos, String hostGlob, Action action) {
        this(sinceNanos, untilNanos, hostGlob, action, null, null);
    }
}
