package io.egressguard.collector.store.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.CollectorException;
import io.egressguard.collector.Journals;
import io.egressguard.collector.drain.DrainStats;
import io.egressguard.collector.drain.Drainer;
import io.egressguard.collector.drain.StopSignal;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka store against a real single-node KRaft broker on 127.0.0.1, driven by the real drain. */
class KafkaEventStoreTest {
    private static final long T0 = 1_780_000_000_000_000_000L;
    private static LoopbackKafkaBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        long start = System.nanoTime();
        broker = LoopbackKafkaBroker.start();
        System.out.println("KRaft broker on " + broker.bootstrap() + " started in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private Path queue() {
        return tmp.resolve("queue");
    }

    private KafkaUrl url(String topic) {
        return KafkaUrl.parse("kafka://" + broker.bootstrap() + "/" + topic + "?timeout.ms=20000&linger.ms=5");
    }

    private DrainStats drain(KafkaUrl url, int batchSize) {
        try (KafkaEventStore store = KafkaEventStore.open(url, queue());
             Drainer drainer = new Drainer(queue(), store, batchSize, line -> {
                 throw new AssertionError("unexpected notice: " + line);
             })) {
            return drainer.drainAvailable(new StopSignal(), new DrainStats());
        }
    }

    @Test
    void drainsTwoJournalsOnceWithIdKeysAndEventJsonAndHonoursPositions() throws Exception {
        List<Event> a = Journals.events(250, T0, "a.tracker.io");
        List<Event> b = Journals.events(170, T0 + 500, "b.example.com");
        List<Long> aIndexes = Journals.appendEvents(queue().resolve("jvm-a"), a);
        List<Long> bIndexes = Journals.appendEvents(queue().resolve("jvm-b"), b);
        KafkaUrl url = url("egress-two-journals");

        assertEquals(420, drain(url, 100).stored());
        Map<String, Event> expected = new HashMap<>();
        a.forEach(e -> expected.put(e.id, e));
        b.forEach(e -> expected.put(e.id, e));
        assertRecordsAre(expected, readCommitted(url.topic()));
        assertEquals(Map.of("jvm-a", last(aIndexes), "jvm-b", last(bIndexes)), KafkaPositions.read(
                new KafkaSettings(url, queue()), url.positionsTopic()));

        assertEquals(0, drain(url, 100).stored(), "a re-run resumes after the stored positions");
        assertEquals(420, readCommitted(url.topic()).size());

        List<Event> later = Journals.events(7, T0 + 9_000_000_000L, "later.example.com");
        Journals.appendEvents(queue().resolve("jvm-b"), later);
        assertEquals(7, drain(url, 100).stored());
        later.forEach(e -> expected.put(e.id, e));
        assertRecordsAre(expected, readCommitted(url.topic()));
    }

    @Test
    void aFailedBatchAbortsItsEventsAndItsPositionTogether() throws Exception {
        List<Event> good = Journals.events(10, T0, "a.example.com");
        List<Long> indexes = Journals.appendEvents(queue().resolve("jvm-a"), good);
        // A record over the producer's max.request.size (1 MiB): a real send failure inside a
        // transaction that already holds other sends of the same batch.
        Event big = Journals.events(1, T0 + 100, "big.example.com").get(0);
        String padded = new String(EventCodec.encode(big), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(1_200_000) + "\",");
        List<Event> after = Journals.events(5, T0 + 200, "c.example.com");
        List<byte[]> rest = new ArrayList<>();
        rest.add(EventCodec.encode(after.get(0)));
        rest.add(padded.getBytes(StandardCharsets.UTF_8));
        after.subList(1, 5).forEach(e -> rest.add(EventCodec.encode(e)));
        Journals.append(queue().resolve("jvm-a"), rest);
        KafkaUrl url = url("egress-aborted");

        CollectorException e = assertThrows(CollectorException.class, () -> drain(url, 10));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("store " + url + ": cannot commit 6 events: RecordTooLargeException"),
                e.getMessage());

        Map<String, Event> firstBatch = new HashMap<>();
        good.forEach(g -> firstBatch.put(g.id, g));
        assertRecordsAre(firstBatch, readCommitted(url.topic()));
        assertEquals(Map.of("jvm-a", last(indexes)),
                KafkaPositions.read(new KafkaSettings(url, queue()), url.positionsTopic()));
    }

    @Test
    void anUnreachableBrokerIsOneLineAndNothingIsRead() throws Exception {
        Journals.appendEvents(queue().resolve("jvm-a"), Journals.events(3, T0, "a.example.com"));
        int port = LoopbackKafkaBroker.freeLoopbackPort();
        KafkaUrl url = KafkaUrl.parse("kafka://127.0.0.1:" + port + "/egress?timeout.ms=1500");

        long start = System.nanoTime();
        CollectorException e = assertThrows(CollectorException.class, () -> drain(url, 100));
        assertEquals("store " + url + ": cannot create topics egress and egress.positions: no answer from 127.0.0.1:"
                + port + " within timeout.ms=1500 (is Kafka running there? raise ?timeout.ms= for a slow cluster)",
                e.getMessage());
        assertTrue(System.nanoTime() - start < 15_000_000_000L, "reported within the timeout, not after minutes");
    }

    @Test
    void theBrokerIsReachedOnlyThroughLoopbackLiterals() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            for (Node node : admin.describeCluster().nodes().get()) {
                assertEquals("127.0.0.1", node.host(), "advertised address clients connect to");
            }
        }
    }

    private static void assertRecordsAre(Map<String, Event> expected, List<ConsumerRecord<String, String>> records)
            throws Exception {
        assertEquals(expected.size(), records.size(), "one record per event, no duplicates");
        Map<String, String> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            byKey.put(r.key(), r.value());
        }
        assertEquals(expected.keySet(), byKey.keySet());
        for (Map.Entry<String, String> r : byKey.entrySet()) {
            Event decoded = EventCodec.decode(r.getValue().getBytes(StandardCharsets.UTF_8));
            assertEquals(r.getKey(), decoded.id);
            JsonNode want = EventCodec.mapper().readTree(EventCodec.encode(expected.get(r.getKey())));
            assertEquals(want, EventCodec.mapper().readTree(r.getValue()), "value is the event's JSON");
        }
    }

    /** Everything committed on the topic, as a read_committed consumer (the documented way) sees it. */
    private static List<ConsumerRecord<String, String>> readCommitted(String topic) {
        Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrap(),
                "isolation.level", "read_committed", "enable.auto.commit", false,
                "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "topic " + topic + " not read to its end in 30 s");
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static long last(List<Long> indexes) {
        return indexes.get(indexes.size() - 1);
    }
}
