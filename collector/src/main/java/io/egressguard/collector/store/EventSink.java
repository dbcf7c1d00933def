package io.egressguard.collector.store;

import java.util.List;
import java.util.Map;

/**
 * Where the drain writes. A sink must be idempotent on the event id, or (JSONL) resume after the
 * positions it committed; it commits a batch of events and the journal positions it reaches
 * together: that is what makes the drain exactly-once. Failures are
 * {@link io.egressguard.collector.CollectorException}s with one-line messages.
 */
public interface EventSink extends AutoCloseable {
    /** Creates or upgrades the schema; a no-op when it is current. */
    void migrate();

    /** Journal directory name to the last Chronicle index committed from it. */
    Map<String, Long> positions();

    /**
     * Stores the events not yet stored, records the journal entries lost to damage (once each, by
     * journal and first index) and the positions, all in one transaction: a position past damage
     * is never committed without the record of what it cost.
     *
     * @return how many events were new
     */
    int commit(List<StoredEvent> events, List<Damage> damaged, Map<String, Long> positions);

    default int commit(List<StoredEvent> events, Map<String, Long> positions) {
        return commit(events, List.of(), positions);
    }

    /** Damage this store has recorded, oldest first (for {@code drain --status}); null where the store cannot list it. */
    default List<Damage> damaged() {
        return null;
    }

    /**
     * Work on a batch that needs no store, done on the drain's read thread while the previous batch
     * commits on the other core: returns the list {@link #commit} will then receive, the same events
     * (possibly in a list that also carries that work). It must not fail; whatever it leaves undone,
     * commit does.
     */
    default List<StoredEvent> prepare(List<StoredEvent> events) {
        return events;
    }

    @Override
    void close();
}
