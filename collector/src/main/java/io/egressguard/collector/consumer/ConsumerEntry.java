package io.egressguard.collector.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressguard.event.EventCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One registered consumer of a queue: a store that drains it, named after its URL, with the
 * positions it has committed (journal name to Chronicle index, {@code <journal>/spill.log} to a byte
 * offset: the keys the stores use) as of {@code updated}. The positions may lag the store, never lead it.
 *
 * @param store the store URL without secrets (a PostgreSQL password shows as {@code ***})
 */
public record ConsumerEntry(String name, String store, Instant updated, Map<String, Long> positions) {
    /** File-name safe, so a name can never reach outside the registry directory. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,119}");
    static final int VERSION = 1;

    public ConsumerEntry {
        positions = Map.copyOf(positions);
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    byte[] toJson() throws IOException {
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("version", VERSION);
        root.put("name", name);
        root.put("store", store);
        root.put("updated", updated.toString());
        ObjectNode p = root.putObject("positions");
        new TreeMap<>(positions).forEach(p::put);
        return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** Parses an entry; throws {@link IllegalArgumentException} with one line saying what is wrong. */
    static ConsumerEntry fromJson(byte[] json, String expectedName) {
        JsonNode root;
        try {
            root = EventCodec.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("version " + root.path("version") + " is not " + VERSION);
        }
        String name = text(root, "name");
        if (!name.equals(expectedName)) {
            throw new IllegalArgumentException("it names consumer '" + name + "', not '" + expectedName + "' as its file does");
        }
        Instant updated;
        try {
            updated = Instant.parse(text(root, "updated"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'updated' is not an ISO-8601 instant");
        }
        JsonNode p = root.get("positions");
        if (p == null || !p.isObject()) {
            throw new IllegalArgumentException("'positions' is missing or not an object");
        }
        Map<String, Long> positions = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToExactIntegral() || !e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                throw new IllegalArgumentException("position of '" + e.getKey() + "' is not a whole number >= 0");
            }
            positions.put(e.getKey(), e.getValue().asLong());
        }
        return new ConsumerEntry(name, text(root, "store"), updated, positions);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return n.asText();
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }
}
