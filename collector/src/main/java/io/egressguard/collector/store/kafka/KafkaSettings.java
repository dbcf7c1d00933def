package io.egressguard.collector.store.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;

/** The client configurations a {@link KafkaUrl} stands for, with the defaults the drain relies on. */
final class KafkaSettings {
    static final String CLIENT_ID = "egressguard-collector";
    static final int DEFAULT_TIMEOUT_MS = 60_000;

    private final KafkaUrl url;
    private final String transactionalId;

    /** @param queue the queue parent being drained, or null when not known */
    KafkaSettings(KafkaUrl url, Path queue) {
        this.url = url;
        this.transactionalId = url.option("transactional.id", defaultTransactionalId(url, queue));
    }

    /**
     * One id per (queue, brokers, topic): a second collector draining the same queue into the same
     * topic fences the first instead of interleaving its transactions, while collectors on other
     * queues keep their own ids. Hashed because it is stored by the broker and should not leak paths.
     */
    static String defaultTransactionalId(KafkaUrl url, Path queue) {
        String scope = new TreeSet<>(url.bootstrap()) + "/" + url.topic() + "\n"
                + (queue == null ? "" : queue.toAbsolutePath().normalize());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
            return CLIENT_ID + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    String transactionalId() {
        return transactionalId;
    }

    int timeoutMs() {
        return url.intOption("timeout.ms", DEFAULT_TIMEOUT_MS);
    }

    private Map<String, Object> common() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", String.join(",", url.bootstrap()));
        c.put("client.id", url.option("client.id", CLIENT_ID));
        // Each request may take the whole budget; the reconnect backoff stays short so an
        // unreachable broker is reported after timeout.ms, not after the default minute.
        c.put("request.timeout.ms", timeoutMs());
        c.put("default.api.timeout.ms", timeoutMs());
        c.put("reconnect.backoff.max.ms", 1000);
        return c;
    }

    Map<String, Object> producer() {
        Map<String, Object> p = common();
        p.remove("default.api.timeout.ms");
        p.put("enable.idempotence", true);
        p.put("acks", "all");
        p.put("transactional.id", transactionalId);
        // One drain batch is one transaction and commit flushes it, so linger only groups sends
        // while the batch is being handed over; large batches and lz4 carry the throughput.
        p.put("linger.ms", url.intOption("linger.ms", 20));
        p.put("batch.size", url.intOption("batch.size", 256 * 1024));
        p.put("compression.type", url.option("compression.type", "lz4"));
        p.put("max.block.ms", timeoutMs());
        p.put("delivery.timeout.ms", timeoutMs() + url.intOption("linger.ms", 20));
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return p;
    }

    /** Reads the positions topic: committed transactions only, no group (partitions are assigned). */
    Map<String, Object> positionsConsumer() {
        Map<String, Object> c = common();
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", false);
        c.put("auto.offset.reset", "earliest");
        c.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        c.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return c;
    }

    Map<String, Object> admin() {
        return common();
    }
}
