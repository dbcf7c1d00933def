package io.egressguard.collector.store;

import io.egressguard.collector.store.ReportRows.Bucket;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.Groups;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.PayloadEvent;
import io.egressguard.collector.store.ReportRows.Ranked;
import io.egressguard.collector.store.ReportRows.StackTotals;
import io.egressguard.collector.store.ReportRows.Totals;
import java.util.List;

/**
 * The aggregates the forensic report is made of. Every method is one query that the database
 * aggregates: its answer grows with the number of groups asked for, never with the number of events.
 */
public interface ReportQueries {
    /** Records, time range, attempts by action and by severity, dropped events and recorded payload bytes. */
    Totals totals(EventFilter filter);

    /** JVMs (by journal), most attempts first; the total is the number of journals. */
    Ranked<Jvm> jvms(EventFilter filter, int limit);

    /** Destinations, most attempts first; the total is the number of distinct destinations. */
    Ranked<DestinationTotal> destinations(EventFilter filter, int limit);

    /**
     * Call sites, most attempts first: the culprit frame (or "(unknown)") and its origin (gav, else jar,
     * else empty), each with its {@code perSite} destinations with most attempts.
     */
    Groups callSites(EventFilter filter, int limit, int perSite);

    /** Dependencies, most attempts first: the culprit's gav and jar (each empty when unknown), with their top destinations. */
    Groups dependencies(EventFilter filter, int limit, int perDependency);

    /**
     * Every dependency's attempts per destination and action, in no particular order and not limited:
     * what a bill of materials lists (components, the services they reached, the flows).
     */
    List<ReportRows.Flow> flows(EventFilter filter);

    /** The distinct stacks with most attempts, frames included (events without a stack under a null hash). */
    StackTotals stacks(EventFilter filter, int limit);

    /** Attempts per bucket of {@code bucketNanos} counted from {@code originNanos}; empty buckets left out. */
    List<Bucket> timeline(EventFilter filter, long originNanos, long bucketNanos);

    /** Events with the largest recorded payloads (size above zero), largest first. */
    List<PayloadEvent> largestPayloads(EventFilter filter, int limit);
}
