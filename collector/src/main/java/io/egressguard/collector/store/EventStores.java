package io.egressguard.collector.store;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.jsonl.JsonlEventSink;
import io.egressguard.collector.store.kafka.KafkaEventStore;
import io.egressguard.collector.store.kafka.KafkaUrl;
import io.egressguard.collector.store.postgresql.PostgresEventStore;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import java.io.Writer;
import java.nio.file.Path;

/** Opens the store a {@link StoreUrl} names, with its schema current. */
public final class EventStores {
    private EventStores() {
    }

    /**
     * A store that can be queried (events, report, purge, drain --status).
     *
     * @param create whether a missing store may be created (drain) or is an error (events, report)
     */
    public static EventStore open(StoreUrl url, boolean create) {
        EventStore store = switch (url.scheme()) {
            case "sqlite" -> SqliteEventStore.open(url.sqlitePath(), create);
            case "postgresql" -> PostgresEventStore.open(url.postgres(), create);
            // Kafka is write-only: its query methods answer with one line saying so.
            case "kafka" -> KafkaEventStore.open(KafkaUrl.parse(url.toString()), null);
            case "jsonl" -> throw new CollectorException("store " + url + " is write-only: read events from a"
                    + " sqlite: or postgresql: store (or the JSONL file itself)");
            default -> throw new IllegalArgumentException("unsupported store " + url);
        };
        return "kafka".equals(url.scheme()) ? store : migrated(store);
    }

    /**
     * Where {@code drain} writes; {@code stdout} receives {@code jsonl:-}.
     *
     * @param queue the queue parent the drain reads; Kafka derives its transactional.id from it
     */
    public static EventSink openSink(StoreUrl url, Writer stdout, Path queue) {
        if ("kafka".equals(url.scheme())) {
            return KafkaEventStore.open(KafkaUrl.parse(url.toString()), queue); // connects on first use
        }
        if ("jsonl".equals(url.scheme())) {
            return migrated(url.isStdout() ? JsonlEventSink.stdout(stdout) : JsonlEventSink.open(url.jsonlPath()));
        }
        return open(url, true);
    }

    private static <S extends EventSink> S migrated(S store) {
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }
}
