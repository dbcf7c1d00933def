package io.egressguard.collector.store.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code kafka://host:port[,host:port]/topic[?option=value&...]}, parsed and checked up front so
 * that a typo is one line at start-up, not a timeout later. Every option has a safe default; see
 * {@link #OPTIONS}.
 */
public record KafkaUrl(String text, List<String> bootstrap, String topic, Map<String, String> options) {
    /** The options a URL may carry; anything else is a typo worth reporting. */
    public static final Set<String> OPTIONS = Set.of("acks", "client.id", "transactional.id", "compression.type",
            "linger.ms", "batch.size", "timeout.ms", "partitions", "replication.factor");
    static final String POSITIONS_SUFFIX = ".positions";
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1," + (249 - POSITIONS_SUFFIX.length()) + "}");
    /** Codecs kafka-clients can use without native libraries (zstd and snappy are excluded from the jar). */
    private static final Set<String> COMPRESSION = Set.of("none", "gzip", "lz4");

    /** Throws {@link IllegalArgumentException} with one line naming the part of {@code text} that is wrong. */
    public static KafkaUrl parse(String text) {
        String prefix = "kafka://";
        if (!text.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw bad(text, "must start with kafka://");
        }
        String rest = text.substring(prefix.length());
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String path = q < 0 ? rest : rest.substring(0, q);
        int slash = path.indexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            throw bad(text, "names no topic (expected kafka://host:port[,host:port]/topic)");
        }
        String topic = path.substring(slash + 1);
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw bad(text, "topic '" + topic + "' is not a valid Kafka topic name (letters, digits, '.', '_', '-')");
        }
        List<String> bootstrap = new ArrayList<>();
        for (String server : path.substring(0, slash).split(",", -1)) {
            bootstrap.add(checkServer(text, server));
        }
        return new KafkaUrl(text, List.copyOf(bootstrap), topic, parseOptions(text, query));
    }

    private static String checkServer(String text, String server) {
        int colon = server.lastIndexOf(':');
        String host = colon < 0 ? server : server.substring(0, colon);
        if (colon < 0 || host.isEmpty() || host.equals("[]")) {
            throw bad(text, "broker '" + server + "' is not host:port");
        }
        try {
            int port = Integer.parseInt(server.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw bad(text, "broker '" + server + "' has no valid port (1-65535)");
        }
        return server;
    }

    private static Map<String, String> parseOptions(String text, String query) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!OPTIONS.contains(key)) {
                throw bad(text, "option '" + key + "' is unknown (known: " + String.join(", ", new java.util.TreeSet<>(OPTIONS)) + ")");
            }
            if (value.isEmpty()) {
                throw bad(text, "option '" + key + "' has no value");
            }
            options.put(key, value);
        }
        checkOptions(text, options);
        return options;
    }

    private static void checkOptions(String text, Map<String, String> options) {
        String acks = options.get("acks");
        if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
            throw bad(text, "option 'acks=" + acks + "' is not allowed: exactly-once needs acks=all");
        }
        String compression = options.get("compression.type");
        if (compression != null && !COMPRESSION.contains(compression.toLowerCase(Locale.ROOT))) {
            throw bad(text, "option 'compression.type=" + compression + "' is not supported (use none, gzip or lz4)");
        }
        for (String key : List.of("linger.ms", "batch.size", "timeout.ms", "partitions", "replication.factor")) {
            String value = options.get(key);
            if (value != null) {
                long min = key.equals("linger.ms") || key.equals("batch.size") ? 0 : 1;
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw bad(text, "option '" + key + "=" + value + "' is not a whole number");
                }
                if (n < min || n > Integer.MAX_VALUE || (key.equals("replication.factor") && n > Short.MAX_VALUE)) {
                    throw bad(text, "option '" + key + "=" + value + "' is out of range (at least " + min + ")");
                }
            }
        }
    }

    public String positionsTopic() {
        return topic + POSITIONS_SUFFIX;
    }

    /** Where journal entries lost to damage are recorded, keyed by journal and first index (compacted). */
    public String damagedTopic() {
        return topic + ".damaged";
    }

    String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    int intOption(String key, int fallback) {
        return Integer.parseInt(options.getOrDefault(key, Integer.toString(fallback)));
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("store '" + text + "': " + problem);
    }

    @Override
    public String toString() {
        return text;
    }
}
