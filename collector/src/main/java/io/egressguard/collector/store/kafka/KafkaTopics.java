package io.egressguard.collector.store.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the events topic and its compacted positions topic when they are missing. Existing
 * topics are left as they are: their owner may have chosen partitions and retention on purpose.
 */
final class KafkaTopics {
    private KafkaTopics() {
    }

    static void ensure(KafkaUrl url, KafkaSettings settings) {
        try (Admin admin = Admin.create(settings.admin())) {
            Set<String> existing = admin.listTopics().names().get();
            Optional<Short> replication = url.options().containsKey("replication.factor")
                    ? Optional.of((short) url.intOption("replication.factor", 1)) : Optional.empty();
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(url.topic())) {
                Optional<Integer> partitions = url.options().containsKey("partitions")
                        ? Optional.of(url.intOption("partitions", 1)) : Optional.empty();
                missing.add(new NewTopic(url.topic(), partitions, replication));
            }
            if (!existing.contains(url.positionsTopic())) {
                // One partition: the store reads all of it back at start, and it holds one record per journal.
                missing.add(new NewTopic(url.positionsTopic(), Optional.of(1), replication)
                        .configs(Map.of("cleanup.policy", "compact")));
            }
            if (!existing.contains(url.damagedTopic())) {
                missing.add(new NewTopic(url.damagedTopic(), Optional.of(1), replication)
                        .configs(Map.of("cleanup.policy", "compact")));
            }
            if (!missing.isEmpty()) {
                createIgnoringRaces(admin, missing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted", e);
        } catch (ExecutionException e) {
            throw new KafkaException(e.getCause());
        }
    }

    private static void createIgnoringRaces(Admin admin, List<NewTopic> topics)
            throws InterruptedException, ExecutionException {
        for (var result : admin.createTopics(topics).values().values()) {
            try {
                result.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
