package io.egressguard.collector.store;

import io.egressguard.collector.store.ReportRows.Bucket;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.Group;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.PayloadEvent;
import io.egressguard.collector.store.ReportRows.SeverityTotal;
import io.egressguard.collector.store.ReportRows.StackTotals;
import java.util.List;

/**
 * The aggregates the forensic report is made of. Every method is one query that the database
 * aggregates: its answer grows with the number of groups, never with the number of events.
 */
public interface ReportQueries {
    /** Attempts and payload bytes per severity and action. */
    List<SeverityTotal> severities(EventFilter filter);

    /** JVMs (by journal), most attempts first. */
    List<Jvm> jvms(EventFilter filter, int limit);

    /** Destinations, most attempts first. */
    List<DestinationTotal> destinations(EventFilter filter, int limit);

    /** Call sites: the culprit frame (or "(unknown)") and its origin (gav, else jar, else empty). */
    List<Group> callSites(EventFilter filter, int limit);

    /** For every call site, its {@code perSite} destinations with most attempts. */
    List<GroupDestination> callSiteDestinations(EventFilter filter, int perSite);

    /** Dependencies: the culprit's gav (or empty) and jar (or empty). */
    List<Group> dependencies(EventFilter filter, int limit);

    /** For every dependency, its {@code perDependency} destinations with most attempts. */
    List<GroupDestination> dependencyDestinations(EventFilter filter, int perDependency);

    /** The distinct stacks with most attempts, frames included (events without a stack under a null hash). */
    StackTotals stacks(EventFilter filter, int limit);

    /** Attempts per bucket of {@code bucketNanos} counted from {@code originNanos}; empty buckets left out. */
    List<Bucket> timeline(EventFilter filter, long originNanos, long bucketNanos);

    /** Events with the largest recorded payloads (size above zero), largest first. */
    List<PayloadEvent> largestPayloads(EventFilter filter, int limit);
}
