package io.egressguard.collector.store;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.ReportRows.Culprit;
import io.egressguard.collector.store.ReportRows.Destination;
import io.egressguard.collector.store.ReportRows.Summary;
import java.util.List;
import java.util.function.Consumer;

/** A sink that can also be queried: what {@code events}, {@code report} and {@code purge} read. */
public interface EventStore extends EventSink {
    /** Each matching event's JSON, ordered by time (then id). */
    void forEachEventJson(EventFilter filter, Consumer<String> sink);

    Summary summary(EventFilter filter);

    /** One row per destination and action, most attempts first. */
    List<Destination> byDestination(EventFilter filter, int limit);

    /** One row per culprit frame and origin (Maven gav, else jar), most attempts first. */
    List<Culprit> byCulprit(EventFilter filter, int limit);

    /**
     * Deletes events older than {@code beforeNanos} (epoch ns); journal positions stay, so nothing is
     * drained again. Returns how many rows went.
     */
    default long purge(long beforeNanos) {
        throw new CollectorException("this store cannot purge events");
    }
}
