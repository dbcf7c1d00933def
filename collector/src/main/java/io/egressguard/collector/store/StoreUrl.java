package io.egressguard.collector.store;

import io.egressguard.collector.store.kafka.KafkaUrl;
import io.egressguard.collector.store.postgresql.PostgresTarget;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where events are stored, as given to {@code --store}: {@code sqlite:PATH},
 * {@code postgresql://user@host:port/db} (or {@code jdbc:postgresql:...}), {@code jsonl:PATH},
 * {@code jsonl:-} or {@code kafka://host:port/topic}. {@code location} is the path, or the whole URL
 * for PostgreSQL, or what follows {@code kafka:}.
 */
public record StoreUrl(String scheme, String location) {
    public static final String DEFAULT = "sqlite:./egressguard.db";
    private static final String EXPECTED = "expected sqlite:PATH, postgresql://user@host:port/db, jsonl:PATH, jsonl:- or kafka://host:port/topic";

    /** Parses a store URL; throws {@link IllegalArgumentException} with a message naming the value. */
    public static StoreUrl parse(String text) {
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        switch (scheme) {
            case "sqlite":
            case "jsonl":
                if (rest.startsWith("//")) {
                    rest = rest.substring(2); // tolerate sqlite://path
                }
                if (rest.isBlank()) {
                    throw new IllegalArgumentException("'" + text + "' names no file (expected " + scheme + ":PATH)");
                }
                return new StoreUrl(scheme, rest);
            case "kafka":
                KafkaUrl.parse(text); // checked now, so a typo fails at start-up with one line
                return new StoreUrl("kafka", rest);
            case "postgres":
            case "postgresql":
                PostgresTarget.parse("postgresql:" + rest);
                return new StoreUrl("postgresql", "postgresql:" + rest);
            case "jdbc":
                if (!rest.startsWith("postgresql:")) {
                    throw new IllegalArgumentException("'" + text + "': only jdbc:postgresql: URLs are supported (" + EXPECTED + ")");
                }
                return new StoreUrl("postgresql", text);
            default:
                throw new IllegalArgumentException("'" + text + "' is not a store URL (" + EXPECTED + ")");
        }
    }

    public Path sqlitePath() {
        return Path.of(location);
    }

    public Path jsonlPath() {
        return Path.of(location);
    }

    public boolean isStdout() {
        return "jsonl".equals(scheme) && "-".equals(location);
    }

    public PostgresTarget postgres() {
        return PostgresTarget.parse(location);
    }

    /** The URL as messages show it: a PostgreSQL password is masked. */
    @Override
    public String toString() {
        return "postgresql".equals(scheme) ? postgres().display() : scheme + ":" + location;
    }
}
