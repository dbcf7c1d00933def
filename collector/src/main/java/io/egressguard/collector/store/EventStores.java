package io.egressguard.collector.store;

import io.egressguard.collector.store.kafka.KafkaEventStore;
import io.egressguard.collector.store.kafka.KafkaUrl;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import java.nio.file.Path;

/** Opens the store a {@link StoreUrl} names. */
public final class EventStores {
    private EventStores() {
    }

    /**
     * @param create whether a missing store may be created (drain) or is an error (events, report)
     */
    public static EventStore open(StoreUrl url, boolean create) {
        return open(url, create, null);
    }

    /**
     * @param queue the queue parent a drain reads, or null; Kafka derives its transactional.id from it
     */
    public static EventStore open(StoreUrl url, boolean create, Path queue) {
        if ("kafka".equals(url.scheme())) {
            return KafkaEventStore.open(KafkaUrl.parse(url.toString()), queue); // connects on first use
        }
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
