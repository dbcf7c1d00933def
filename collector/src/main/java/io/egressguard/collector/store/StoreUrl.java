package io.egressguard.collector.store;

import io.egressguard.collector.store.kafka.KafkaUrl;
import java.nio.file.Path;
import java.util.Locale;

/** Where events are stored, as given to {@code --store}: today only {@code sqlite:PATH}. */
public record StoreUrl(String scheme, String location) {
    public static final String DEFAULT = "sqlite:./egressguard.db";

    /** Parses a store URL; throws {@link IllegalArgumentException} with a message naming the value. */
    public static StoreUrl parse(String text) {
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        switch (scheme) {
            case "sqlite":
                if (rest.startsWith("//")) {
                    rest = rest.substring(2); // tolerate sqlite://path
                }
                if (rest.isBlank()) {
                    throw new IllegalArgumentException("'" + text + "' names no database file (expected sqlite:PATH)");
                }
                return new StoreUrl("sqlite", rest);
            case "kafka":
                KafkaUrl.parse(text); // checked now, so a typo fails at start-up with one line
                return new StoreUrl("kafka", rest);
            case "postgres":
            case "postgresql":
            case "jdbc":
            case "jsonl":
                throw new IllegalArgumentException("'" + text + "': store type '" + scheme
                        + "' is not supported yet (use sqlite:PATH)");
            default:
                throw new IllegalArgumentException("'" + text + "' is not a store URL (expected sqlite:PATH)");
        }
    }

    public Path sqlitePath() {
        return Path.of(location);
    }

    @Override
    public String toString() {
        return scheme + ":" + location;
    }
}
