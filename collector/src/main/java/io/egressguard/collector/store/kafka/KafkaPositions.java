package io.egressguard.collector.store.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads the compacted {@code <topic>.positions} topic back: journal name to the last Chronicle
 * index committed. Only committed transactions count (read_committed), so positions of an
 * aborted batch are never seen. Compaction keeps the last record per journal; older ones that
 * survive until the cleaner runs are harmless because the largest index wins.
 */
final class KafkaPositions {
    private KafkaPositions() {
    }

    static Map<String, Long> read(KafkaSettings settings, String topic) {
        Map<String, Long> positions = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.positionsConsumer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map((PartitionInfo p) -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed the end offsets are the last stable offsets: reading up to them
            // sees every transaction committed before this store started.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + settings.timeoutMs() * 1_000_000L;
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("positions topic " + topic + " not read to its end");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.value() != null) {
                        positions.merge(record.key(), parse(record.value()), Math::max);
                    }
                }
            }
        }
        return positions;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Positions are written as the decimal index, so a console consumer shows them plainly. */
    static String format(long index) {
        return Long.toString(index);
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("position record '" + value + "' is not a journal index", e);
        }
    }
}
