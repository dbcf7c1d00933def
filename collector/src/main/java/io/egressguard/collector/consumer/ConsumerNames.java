package io.egressguard.collector.consumer;

import io.egressguard.collector.store.StoreUrl;
import io.egressguard.collector.store.kafka.KafkaUrl;
import io.egressguard.collector.store.postgresql.PostgresTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A store's identity as a consumer: its URL with secrets removed and paths made absolute (so the
 * same file drained from another working directory is the same consumer), and a stable name made
 * of the scheme, a readable label and a short hash of that URL, e.g. {@code sqlite-main.db-1f2e3d4c}.
 */
public final class ConsumerNames {
    private static final int LABEL_MAX = 48;

    private ConsumerNames() {
    }

    /** The name and secret-free store text of {@code url}, with no positions yet. */
    public record Identity(String name, String store) {
    }

    public static Identity of(StoreUrl url) {
        String store = storeText(url);
        return new Identity(url.scheme() + "-" + label(url) + "-" + shortHash(store), store);
    }

    /** Whether a store can be a consumer: one that keeps no positions ({@code jsonl:-}) starts over every run. */
    public static boolean canConsume(StoreUrl url) {
        return !url.isStdout();
    }

    static String storeText(StoreUrl url) {
        return switch (url.scheme()) {
            case "sqlite", "jsonl" -> url.scheme() + ":" + java.nio.file.Path.of(url.location()).toAbsolutePath().normalize();
            // display() shows a password, in the user part or as a parameter, as ***
            case "postgresql" -> url.postgres().display();
            default -> url.toString();
        };
    }

    private static String label(StoreUrl url) {
        String label = switch (url.scheme()) {
            case "sqlite", "jsonl" -> {
                java.nio.file.Path file = java.nio.file.Path.of(url.location()).getFileName();
                yield file == null ? url.location() : file.toString();
            }
            case "postgresql" -> postgresLabel(url.postgres());
            case "kafka" -> KafkaUrl.parse(url.toString()).topic();
            default -> url.scheme();
        };
        String safe = label.replaceAll("[^A-Za-z0-9._-]", "_");
        safe = safe.length() > LABEL_MAX ? safe.substring(0, LABEL_MAX) : safe;
        return safe.isEmpty() ? "store" : safe;
    }

    /** The database, and the schema when one is named: what tells two stores on one server apart. */
    private static String postgresLabel(PostgresTarget target) {
        String jdbc = target.jdbcUrl();
        int q = jdbc.indexOf('?');
        String path = q < 0 ? jdbc : jdbc.substring(0, q);
        String db = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1);
        return target.schema() == null ? db : db + "." + target.schema();
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
