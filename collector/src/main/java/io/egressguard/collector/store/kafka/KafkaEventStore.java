package io.egressguard.collector.store.kafka;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.ReportQueries;
import io.egressguard.collector.store.ReportRows.Culprit;
import io.egressguard.collector.store.ReportRows.Destination;
import io.egressguard.collector.store.ReportRows.Summary;
import io.egressguard.collector.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * A write-only store: each event becomes one record on the topic (key = event id, value = the
 * event's JSON), and each drain batch is one Kafka transaction holding its events and the journal
 * positions it reaches (on the compacted {@code <topic>.positions}, key = journal name). Events and
 * positions commit or abort together, so consumers reading with {@code isolation.level=read_committed}
 * see every event exactly once; other consumers may see aborted records and should dedupe by key.
 *
 * <p>Nothing connects until the drain asks for positions, so reading commands fail with the
 * write-only message without touching the network.
 */
public final class KafkaEventStore implements EventStore {
    static final String WRITE_ONLY = "kafka is write-only; report from SQLite or PostgreSQL";

    private final KafkaUrl url;
    private final KafkaSettings settings;
    private KafkaProducer<String, byte[]> producer;
    private Map<String, Long> positions;

    private KafkaEventStore(KafkaUrl url, KafkaSettings settings) {
        this.url = url;
        this.settings = settings;
    }

    /**
     * @param queue the queue parent being drained (part of the default transactional.id), or null
     */
    public static KafkaEventStore open(KafkaUrl url, Path queue) {
        return new KafkaEventStore(url, new KafkaSettings(url, queue));
    }

    /** Creates the topics when missing; the schema of a Kafka store is just that. */
    @Override
    public void migrate() {
        connect();
    }

    @Override
    public Map<String, Long> positions() {
        connect();
        return Map.copyOf(positions);
    }

    private void connect() {
        if (producer != null) {
            return;
        }
        try {
            KafkaTopics.ensure(url, settings);
        } catch (RuntimeException e) {
            throw KafkaFailures.fail(url, settings.timeoutMs(), "cannot create topics " + url.topic() + " and "
                    + url.positionsTopic(), e);
        }
        KafkaProducer<String, byte[]> opened = new KafkaProducer<>(settings.producer());
        try {
            // Fences any earlier producer with this transactional.id and settles its open
            // transaction, so the positions read next are final.
            opened.initTransactions();
            positions = new HashMap<>(KafkaPositions.read(settings, url.positionsTopic()));
        } catch (RuntimeException e) {
            opened.close(Duration.ZERO);
            throw KafkaFailures.fail(url, settings.timeoutMs(), "cannot start transactional.id "
                    + settings.transactionalId(), e);
        }
        producer = opened;
    }

    /**
     * Sends the batch and its positions in one transaction.
     *
     * @return the batch size: Kafka cannot tell which ids it already holds, and with positions
     *     honoured a batch is never sent twice
     */
    @Override
    public int commit(List<StoredEvent> events, List<Damage> damaged, Map<String, Long> reached) {
        if (events.isEmpty() && reached.isEmpty() && damaged.isEmpty()) {
            return 0;
        }
        connect();
        try {
            producer.beginTransaction();
            for (StoredEvent stored : events) {
                producer.send(new ProducerRecord<>(url.topic(), stored.event().id, stored.utf8()));
            }
            for (Damage d : damaged) {
                producer.send(new ProducerRecord<>(url.damagedTopic(), d.key(), d.toJson()));
            }
            for (Map.Entry<String, Long> p : reached.entrySet()) {
                producer.send(new ProducerRecord<>(url.positionsTopic(), p.getKey(),
                        KafkaPositions.format(p.getValue()).getBytes(StandardCharsets.UTF_8)));
            }
            // Flushes and throws if any send failed; nothing of the batch is then visible.
            producer.commitTransaction();
        } catch (RuntimeException e) {
            abandon(e);
            throw KafkaFailures.fail(url, settings.timeoutMs(), "cannot commit " + events.size() + " events", e);
        }
        reached.forEach((journal, index) -> positions.merge(journal, index, Math::max));
        return events.size();
    }

    /**
     * After a failure the producer is closed rather than reused: a timed-out commit may still
     * complete on the broker, and the next start's initTransactions settles it either way before
     * positions are read, which keeps events and positions in step.
     */
    private void abandon(RuntimeException e) {
        if (!(e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException
                || e instanceof AuthorizationException)) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException ignored) {
                // the original failure is the one worth reporting
            }
        }
        producer.close(Duration.ZERO);
        producer = null;
        positions = null;
    }

    @Override
    public void forEachEventJson(EventFilter filter, Consumer<String> sink) {
        throw writeOnly();
    }

    @Override
    public Summary summary(EventFilter filter) {
        throw writeOnly();
    }

    @Override
    public List<Destination> byDestination(EventFilter filter, int limit) {
        throw writeOnly();
    }

    @Override
    public List<Culprit> byCulprit(EventFilter filter, int limit) {
        throw writeOnly();
    }

    @Override
    public ReportQueries reportQueries() {
        throw writeOnly();
    }

    private CollectorException writeOnly() {
        return new CollectorException("store " + url + ": " + WRITE_ONLY);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofMillis(settings.timeoutMs()));
            producer = null;
        }
    }
}
