package io.egressguard.collector.store;

import io.egressguard.collector.store.ReportRows.Culprit;
import io.egressguard.collector.store.ReportRows.Destination;
import io.egressguard.collector.store.ReportRows.Summary;
import io.egressguard.event.EventCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where drained events live. Implementations must be idempotent on the event id and must commit a
 * batch of events and the journal positions it reaches atomically: that is what makes the drain
 * exactly-once. Failures are {@link io.egressguard.collector.CollectorException}s with one-line messages.
 */
public interface EventStore extends AutoCloseable {
    /** Creates or upgrades the schema; a no-op when it is current. */
    void migrate();

    /** Journal directory name to the last Chronicle index committed from it. */
    Map<String, Long> positions();

    /**
     * Inserts the events not yet stored and records the positions, all in one transaction.
     *
     * @return how many events were new
     */
    int commit(List<StoredEvent> events, Map<String, Long> positions);

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

    @Override
    void close();
}
