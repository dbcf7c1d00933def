package io.egressguard.collector.store;

import io.egressguard.event.Event;

/**
 * An event as the drain hands it to a store: the decoded event (for the query columns), its JSON as
 * it will be kept, the journal directory it came from, and its stack as the JSON array text found in
 * the record (null when it has none), which SQL stores keep once per distinct stack.
 */
public record StoredEvent(Event event, String json, String journal, String stackJson) {
    public StoredEvent(Event event, String json, String journal) {
        this(event, json, journal, null);
    }
}
