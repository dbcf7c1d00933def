package io.egressguard.collector.drain;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.consumer.ConsumerEntry;
import io.egressguard.collector.consumer.ConsumerNames;
import io.egressguard.collector.consumer.ConsumerRegistry;
import io.egressguard.collector.journal.SpillReader;
import io.egressguard.collector.store.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Which of a drain's stores are registered consumers of the queue ({@link ConsumerRegistry}), and
 * keeping their entries current. Decided once, at start: a store that is registered stays so;
 * {@code --register} registers a new one; a queue with no consumer at all registers the first
 * drain's stores, so the one-command set-up keeps its retention. Any other store still drains, but
 * retention neither counts it nor deletes anything for it: a one-off drain into a scratch store
 * must not decide what the main stores lose.
 *
 * <p>An entry holds only what its store has committed ({@link LaneView#committed}), written at
 * most once a second and at exit, and at least once a minute while the drain runs (its
 * {@code updated} time tells a live consumer from one that is gone). A lagging entry only keeps
 * files longer; one that ran ahead of its store could lose events.
 */
public final class Registrations {
    private static final long MIN_WRITE_MILLIS = 1_000;
    private static final long HEARTBEAT_MILLIS = 60_000;

    private final Path queue;
    private final ConsumerRegistry registry;
    private final Consumer<String> notices;
    /** By lane (store) name: only the registered ones. */
    private final Map<String, Member> members = new LinkedHashMap<>();

    private static final class Member {
        final ConsumerNames.Identity id;
        /** Registered by this drain: withdrawn at exit if its store was never reached. */
        final boolean createdHere;
        /** The store's positions when its entry was last written (before dropping removed journals). */
        Map<String, Long> written;
        long writtenAt = Long.MIN_VALUE / 2;
        boolean failing;

        Member(ConsumerNames.Identity id, boolean createdHere) {
            this.id = id;
            this.createdHere = createdHere;
        }
    }

    private Registrations(Path queue, Consumer<String> notices) {
        this.queue = queue;
        this.registry = ConsumerRegistry.in(queue);
        this.notices = notices;
    }

    /**
     * Decides which of {@code stores} are consumers, registering new ones as the rules say; says in
     * one line per store that drains unregistered that nothing will be deleted for it.
     */
    public static Registrations decide(Path queue, List<StoreUrl> stores, boolean register, Consumer<String> notices) {
        Registrations r = new Registrations(queue, notices);
        ConsumerRegistry.Listing listing = r.registry.read();
        boolean noConsumers = listing.isEmpty();
        List<StoreUrl> streams = new ArrayList<>();
        for (StoreUrl url : stores) {
            if (!ConsumerNames.canConsume(url)) {
                streams.add(url);
                continue;
            }
            ConsumerNames.Identity id = ConsumerNames.of(url);
            boolean known = listing.find(id.name()).isPresent()
                    || listing.unreadable().stream().anyMatch(u -> u.file().equals(r.registry.fileOf(id.name())));
            if (known) {
                r.members.put(url.toString(), new Member(id, false)); // an unreadable own entry is rewritten whole
            } else if (register || noConsumers) {
                r.registerNew(url, id, register);
            } else {
                notices.accept("retention: " + url + " is not a registered consumer of " + queue
                        + "; nothing will be deleted for it (use --register)");
            }
        }
        if (r.members.isEmpty()) {
            // Beside a registered store this would be noise: that store's retention goes on as before.
            for (StoreUrl url : streams) {
                notices.accept("retention: " + url + " keeps no positions, so it is not a consumer of " + queue
                        + "; nothing will be deleted for it");
            }
        }
        return r;
    }

    private void registerNew(StoreUrl url, ConsumerNames.Identity id, boolean asked) {
        try {
            // No positions yet: until its store is reached, a new consumer holds back every deletion.
            registry.write(new ConsumerEntry(id.name(), id.store(), Instant.now(), Map.of()));
        } catch (CollectorException e) {
            notices.accept("retention: " + url + " could not be registered (" + e.getMessage() + "); nothing will be deleted for it");
            return;
        }
        members.put(url.toString(), new Member(id, true));
        if (asked) {
            notices.accept("retention: registered " + url + " as consumer " + id.name() + " of " + queue);
        }
    }

    /** Lane (store) name to consumer name, for the registered stores of this drain. */
    public Map<String, String> registered() {
        Map<String, String> names = new LinkedHashMap<>();
        members.forEach((lane, m) -> names.put(lane, m.id.name()));
        return names;
    }

    /** Writes the entries whose store moved (at most once a second) or that are due a sign of life; {@code force} writes all. */
    public void update(List<LaneView> lanes, long nowMillis, boolean force) {
        for (LaneView lane : lanes) {
            Member m = members.get(lane.store());
            Map<String, Long> committed = m == null ? null : lane.committed();
            if (committed == null) {
                continue; // not a consumer, or its store's positions are not known yet
            }
            long since = nowMillis - m.writtenAt;
            if (!force && (since < MIN_WRITE_MILLIS || committed.equals(m.written) && since < HEARTBEAT_MILLIS)) {
                continue;
            }
            try {
                registry.write(new ConsumerEntry(m.id.name(), m.id.store(), Instant.ofEpochMilli(nowMillis),
                        ofExistingJournals(committed)));
                m.written = committed;
                m.writtenAt = nowMillis;
                m.failing = false;
            } catch (CollectorException e) {
                if (!m.failing) {
                    notices.accept("retention: " + e.getMessage() + " (its last entry stays; retention only keeps more)");
                }
                m.failing = true;
            }
        }
    }

    /** At exit: writes every entry; withdraws those this drain created for a store it never reached. */
    public void finish(List<LaneView> lanes, long nowMillis) {
        update(lanes, nowMillis, true);
        for (LaneView lane : lanes) {
            Member m = members.get(lane.store());
            if (m != null && m.createdHere && m.written == null && lane.committed() == null) {
                try {
                    registry.remove(m.id.name());
                } catch (CollectorException e) {
                    notices.accept("retention: " + e.getMessage());
                }
            }
        }
    }

    /** Drops positions of journals retention has removed, so an entry does not grow with every JVM ever seen. */
    private Map<String, Long> ofExistingJournals(Map<String, Long> committed) {
        Map<String, Long> kept = new TreeMap<>();
        committed.forEach((key, position) -> {
            String journal = key.endsWith(SpillReader.KEY_SUFFIX) ? key.substring(0, key.length() - SpillReader.KEY_SUFFIX.length()) : key;
            try {
                if (!Files.isDirectory(queue.resolve(journal))) {
                    return;
                }
            } catch (RuntimeException e) {
                // a key that is no path here: kept, as an unknown key only ever holds back
            }
            kept.put(key, position);
        });
        return kept;
    }
}
