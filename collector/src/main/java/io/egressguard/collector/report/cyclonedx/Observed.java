package io.egressguard.collector.report.cyclonedx;

import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.ReportQueries;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.Flow;
import io.egressguard.collector.store.ReportRows.Totals;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bill of materials of egress is made of, read from a store: the totals (time range,
 * severities), every dependency's attempts per destination and action, and each destination's
 * catalog vendor. All of it aggregated by the database; nothing is cut by a row limit, since a
 * BOM that leaves out a component would misstate what the software did.
 *
 * @param filters the report's filters as given (--since, --until, --host, --jvm, --action), null when not
 * @param vendors the catalog vendor of each destination, by {@link #destination}
 */
public record Observed(Instant generatedAt, Map<String, String> filters, Totals totals, List<Flow> flows,
                       Map<String, String> vendors) {

    /** Reads the store's aggregates for the filter. */
    public static Observed read(EventStore store, EventFilter filter, Instant generatedAt, Map<String, String> filters) {
        ReportQueries q = store.reportQueries();
        Totals totals = q.totals(filter);
        Map<String, String> vendors = new HashMap<>();
        if (totals.records() == 0) {
            return new Observed(generatedAt, filters, totals, List.of(), vendors);
        }
        for (DestinationTotal d : q.destinations(filter, Integer.MAX_VALUE).rows()) {
            if (d.vendor() != null) {
                vendors.put(destination(d.host(), d.port()), d.vendor());
            }
        }
        return new Observed(generatedAt, filters, totals, q.flows(filter), vendors);
    }

    /** host:port, or the bare host of a refused lookup (port -1), as every report names a destination. */
    static String destination(String host, int port) {
        return port >= 0 ? host + ":" + port : host;
    }
}
