package io.egressguard.collector.store;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.ReportRows.Culprit;
import io.egressguard.collector.store.ReportRows.Destination;
import io.egressguard.collector.store.ReportRows.Summary;
import io.egressguard.event.EventCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A sink that can also be queried: what {@code events}, {@code report} and {@code purge} read. */
public interface EventStore extends EventSink {
    /** Each matching event's JSON, ordered by time (then id). */
    void forEachEventJson(EventFilter filter, Consumer<String> sink);

    /**
     * The stored JSON of the event with this id. The default scans every event; stores override it
     * with a lookup by their primary key.
     */
    default Optional<String> eventJson(String id) {
        String[] found = new String[1];
        forEachEventJson(EventFilter.ALL, json -> {
            if (found[0] == null && json.contains(id) && id.equals(idOf(json))) {
                found[0] = json;
            }
        });
        return Optional.ofNullable(found[0]);
    }

    private static String idOf(String json) {
        try {
            return EventCodec.mapper().readTree(json).path("id").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    Summary summary(EventFilter filter);

    /** One row per destination and action, most attempts first. */
    List<Destination> byDestination(EventFilter filter, int limit);

    /** One row per culprit frame and origin (Maven gav, else jar), most attempts first. */
    List<Culprit> byCulprit(EventFilter filter, int limit);

    /** The forensic report's queries; stores that cannot answer them say so in one line. */
    default ReportQueries reportQueries() {
        throw new CollectorException("store " + this + " cannot answer reports; report from SQLite or PostgreSQL");
    }

    /**
     * Every destination and port with each action's attempts, first and last time and the
     * dependencies that made them, aggregated by the store (what {@code policy suggest} learns from).
     */
    default List<SeenDestination> seenDestinations(EventFilter filter) {
        throw new CollectorException("this store cannot be queried for destinations");
    }

    /** Per destination and window, the events one alert rule counts (alerts --store). */
    default List<AlertRows.Window> alertWindows(AlertRows.Query query) {
        throw new CollectorException("this store cannot be queried for alerts");
    }

    /** Destinations whose first stored event is in [sinceNanos, untilNanos): the new ones. */
    default List<AlertRows.FirstSeen> firstSeen(long sinceNanos, Long untilNanos) {
        throw new CollectorException("this store cannot be queried for alerts");
    }

    /** Every destination (host, else IP) the store holds an event for. */
    default java.util.Set<String> knownDestinations() {
        throw new CollectorException("this store cannot be queried for destinations");
    }

    /**
     * Deletes events older than {@code beforeNanos} (epoch ns); journal positions stay, so nothing is
     * drained again. Returns how many rows went.
     */
    default long purge(long beforeNanos) {
        throw new CollectorException("this store cannot purge events");
    }
}
