package io.egressguard.collector.store;

import io.egressguard.event.Event;

/**
 * An event as the drain hands it to a store: the decoded event (for the query columns), its JSON as
 * it will be kept, and the journal directory it came from.
 */
public record StoredEvent(Event event, String json, String journal) {
}
