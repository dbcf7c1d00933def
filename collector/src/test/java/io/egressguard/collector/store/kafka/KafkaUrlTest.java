package io.egressguard.collector.store.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaUrlTest {
    @Test
    void parsesBrokersTopicAndOptions() {
        KafkaUrl url = KafkaUrl.parse("kafka://127.0.0.1:9092,127.0.0.2:9093/egress.events?acks=all&linger.ms=50");
        assertEquals(List.of("127.0.0.1:9092", "127.0.0.2:9093"), url.bootstrap());
        assertEquals("egress.events", url.topic());
        assertEquals("egress.events.positions", url.positionsTopic());
        assertEquals(Map.of("acks", "all", "linger.ms", "50"), url.options());
    }

    @Test
    void everyMistakeIsOneLineNamingTheValue() {
        assertError("kafka://127.0.0.1:9092", "names no topic");
        assertError("kafka://127.0.0.1/t", "broker '127.0.0.1' is not host:port");
        assertError("kafka://127.0.0.1:0/t", "broker '127.0.0.1:0' has no valid port");
        assertError("kafka://127.0.0.1:9092/a b", "topic 'a b' is not a valid Kafka topic name");
        assertError("kafka://127.0.0.1:9092/t?acks=1", "option 'acks=1' is not allowed: exactly-once needs acks=all");
        assertError("kafka://127.0.0.1:9092/t?lingr.ms=5", "option 'lingr.ms' is unknown");
        assertError("kafka://127.0.0.1:9092/t?timeout.ms=soon", "option 'timeout.ms=soon' is not a whole number");
        assertError("kafka://127.0.0.1:9092/t?compression.type=zstd", "option 'compression.type=zstd' is not supported");
    }

    private static void assertError(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreUrl.parse(text));
        assertEquals(true, e.getMessage().startsWith("store '" + text + "': " + expected), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @Test
    void readingIsRefusedWithoutConnecting() {
        // Port 9 on loopback: nothing is contacted, because reading fails before any client exists.
        try (EventStore store = EventStores.open(StoreUrl.parse("kafka://127.0.0.1:9/egress"), false)) {
            assertInstanceOf(KafkaEventStore.class, store);
            CollectorException e = assertThrows(CollectorException.class, () -> store.summary(EventFilter.ALL));
            assertEquals("store kafka://127.0.0.1:9/egress: kafka is write-only; report from SQLite or PostgreSQL",
                    e.getMessage());
        }
    }

    @Test
    void theTransactionalIdFollowsQueueAndTopicUnlessGiven() {
        KafkaUrl url = KafkaUrl.parse("kafka://127.0.0.1:9092/egress");
        String a = KafkaSettings.defaultTransactionalId(url, Path.of("/var/egressguard/queue"));
        assertEquals(a, KafkaSettings.defaultTransactionalId(url, Path.of("/var/egressguard/./queue")));
        assertNotEquals(a, KafkaSettings.defaultTransactionalId(url, Path.of("/srv/other-queue")));
        assertNotEquals(a, KafkaSettings.defaultTransactionalId(KafkaUrl.parse("kafka://127.0.0.1:9092/other"),
                Path.of("/var/egressguard/queue")));
        assertEquals("mine", new KafkaSettings(KafkaUrl.parse("kafka://127.0.0.1:9092/e?transactional.id=mine"), null)
                .transactionalId());
    }
}
