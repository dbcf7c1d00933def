package io.egressguard.collector.drain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressguard.collector.consumer.ConsumerEntry;
import io.egressguard.collector.consumer.ConsumerRegistry;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.journal.JournalReader;
import io.egressguard.event.EventCodec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drain's figures: each journal's newest index, and per store what it committed, how far it
 * lags each journal (entries not yet committed) and its totals. Reads the journals with its own
 * readers, so it never touches a drain thread's.
 */
public final class Status implements AutoCloseable {
    /**
     * One store as the status shows it; {@code committed} is null when the store was never reached,
     * {@code stored} (events this drain stored) is null outside a running drain.
     */
    /** @param damaged what damage cost as the store recorded it, null where the store cannot list it */
    public record StoreInput(String store, Map<String, Long> committed, String pausedBecause, Long stored,
                             List<io.egressguard.collector.store.Damage> damaged) {
        public StoreInput(String store, Map<String, Long> committed, String pausedBecause, Long stored) {
            this(store, committed, pausedBecause, stored, null);
        }
    }

    public record StoreFigures(StoreInput input, Map<String, Long> lag) {
        public long totalLag() {
            return lag.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public record Snapshot(double eventsPerSecond, Map<String, Long> lastIndex, List<StoreFigures> stores) {
    }

    /** A registered consumer of the queue: its entry and how many entries of each journal it has not committed. */
    public record ConsumerFigures(ConsumerEntry entry, Map<String, Long> lag) {
        public long totalLag() {
            return lag.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<String, JournalReader> readers = new TreeMap<>();

    public Snapshot measure(Path queueParent, List<StoreInput> stores, double eventsPerSecond) {
        Map<String, Long> last = new TreeMap<>();
        for (JournalDir journal : JournalDir.discover(queueParent)) {
            if (journal.hasCycles()) {
                readers.computeIfAbsent(journal.name(), n -> new JournalReader(journal, null, null));
            }
        }
        readers.entrySet().removeIf(e -> {
            if (!java.nio.file.Files.isDirectory(e.getValue().journal().dir())) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        readers.forEach((name, reader) -> last.put(name, reader.lastIndex()));
        List<StoreFigures> figures = stores.stream().map(store -> {
            Map<String, Long> lag = new TreeMap<>();
            readers.forEach((name, reader) -> lag.put(name,
                    reader.countAfter(store.committed() == null ? null : store.committed().get(name))));
            return new StoreFigures(store, lag);
        }).toList();
        return new Snapshot(eventsPerSecond, last, figures);
    }

    /** Each consumer's lag, as its entry says; call after {@link #measure}, whose readers it uses. */
    public List<ConsumerFigures> measure(List<ConsumerEntry> consumers) {
        return consumers.stream().map(c -> {
            Map<String, Long> lag = new TreeMap<>();
            readers.forEach((name, reader) -> lag.put(name, reader.countAfter(c.positions().get(name))));
            return new ConsumerFigures(c, lag);
        }).toList();
    }

    /** The {@code drain --status} document: the stores asked about, then every consumer of the queue. */
    public static String json(Snapshot s, List<ConsumerFigures> consumers, List<ConsumerRegistry.Unreadable> unreadable) {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        if (!Double.isNaN(s.eventsPerSecond())) {
            root.put("eventsPerSecond", Math.round(s.eventsPerSecond()));
        }
        ObjectNode journals = root.putObject("journals");
        s.lastIndex().forEach((name, index) -> journals.putObject(name).put("lastIndex", index));
        ObjectNode stores = root.putObject("stores");
        for (StoreFigures f : s.stores()) {
            ObjectNode store = stores.putObject(f.input().store());
            store.put("state", f.input().pausedBecause() == null ? "ok" : "paused");
            if (f.input().pausedBecause() != null) {
                store.put("cause", f.input().pausedBecause());
            }
            if (f.input().stored() != null) {
                store.put("stored", f.input().stored());
            }
            store.put("lag", f.totalLag());
            if (f.input().damaged() != null) {
                ArrayNode damaged = store.putArray("damaged");
                for (io.egressguard.collector.store.Damage d : f.input().damaged()) {
                    damaged.add(readTree(d.toJson()));
                }
            }
            ObjectNode per = store.putObject("journals");
            f.lag().forEach((name, lag) -> {
                ObjectNode j = per.putObject(name);
                Long committed = f.input().committed() == null ? null : f.input().committed().get(name);
                if (committed == null) {
                    j.putNull("committed");
                } else {
                    j.put("committed", committed);
                }
                j.put("lag", lag);
            });
        }
        ArrayNode list = root.putArray("consumers");
        for (ConsumerFigures c : consumers) {
            ObjectNode node = list.addObject();
            node.put("name", c.entry().name());
            node.put("store", c.entry().store());
            node.put("updated", c.entry().updated().toString());
            node.put("lag", c.totalLag());
            ObjectNode per = node.putObject("journals");
            c.lag().forEach((name, lag) -> {
                ObjectNode j = per.putObject(name);
                Long committed = c.entry().positions().get(name);
                if (committed == null) {
                    j.putNull("committed");
                } else {
                    j.put("committed", committed);
                }
                j.put("lag", lag);
            });
        }
        for (ConsumerRegistry.Unreadable u : unreadable) {
            list.addObject().put("file", u.file().toString()).put("problem", u.problem());
        }
        try {
            return EventCodec.mapper().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One human line: rate, lag per journal (the worst store's), each store's total or why it is paused. */
    public static String line(Snapshot s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "drain: %,.0f events/s", s.eventsPerSecond()));
        Map<String, Long> worst = new LinkedHashMap<>();
        for (StoreFigures f : s.stores()) {
            f.lag().forEach((name, lag) -> worst.merge(name, lag, Math::max));
        }
        b.append("; lag");
        if (worst.isEmpty()) {
            b.append(" -");
        }
        worst.forEach((name, lag) -> b.append(' ').append(name).append('=').append(lag));
        for (StoreFigures f : s.stores()) {
            b.append("; ").append(f.input().store()).append(' ');
            b.append(f.input().pausedBecause() == null ? String.format(Locale.ROOT, "%,d stored", f.input().stored())
                    : "PAUSED (" + f.input().pausedBecause() + ")");
        }
        return b.toString();
    }

    @Override
    public void close() {
        readers.values().forEach(JournalReader::close);
        readers.clear();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] json) {
        try {
            return EventCodec.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
