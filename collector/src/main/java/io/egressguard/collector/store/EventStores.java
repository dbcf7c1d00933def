package io.egressguard.collector.store;

import io.egressguard.collector.store.sqlite.SqliteEventStore;

/** Opens the store a {@link StoreUrl} names. */
public final class EventStores {
    private EventStores() {
    }

    /**
     * @param create whether a missing store may be created (drain) or is an error (events, report)
     */
    public static EventStore open(StoreUrl url, boolean create) {
        if ("sqlite".equals(url.scheme())) {
            EventStore store = SqliteEventStore.open(url.sqlitePath(), create);
            try {
                store.migrate();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return store;
        }
        throw new IllegalArgumentException("unsupported store " + url);
    }
}
