package io.egressguard.collector.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.egressguard.event.EventCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entries of a journal that could not be read and were skipped: in cycle file {@code cycleFile},
 * indexes {@code firstIndex} to {@code lastIndex} ({@code -1}: to the end of the cycle, number not
 * known), and why; in the spill file ({@code cycleFile} {@code spill.log}), the byte range. Stores keep these in their {@code damaged} table, idempotent on journal and
 * first index, so an operator sees what was lost and where.
 */
public record Damage(String journal, String cycleFile, long firstIndex, long lastIndex, String reason) {
    /** How many entries were lost, or -1 when the damage runs to the end of a cycle and the number is not known. */
    public long count() {
        return lastIndex < 0 || isSpill() ? -1 : lastIndex - firstIndex + 1;
    }

    /** Damage in the spill file: its indexes are byte offsets, the number of frames lost is not known. */
    public boolean isSpill() {
        return cycleFile.equals("spill.log");
    }

    /** One line for stderr. */
    public String describe() {
        if (isSpill()) {
            return "journal " + journal + ": bytes " + firstIndex + "-" + lastIndex + " lost (" + reason + ")";
        }
        String which = lastIndex < 0
                ? "entries from index " + Long.toHexString(firstIndex) + " to the end of the cycle"
                : count() == 1 ? "entry " + Long.toHexString(firstIndex)
                : count() + " entries " + Long.toHexString(firstIndex) + "-" + Long.toHexString(lastIndex);
        return "journal " + journal + ", cycle file " + cycleFile + ": " + which + " lost (" + reason + ")";
    }

    /** The key a store keeps it under: once per journal and first index. */
    public String key() {
        return journal + ":" + Long.toHexString(firstIndex);
    }

    /** As the JSON lines and Kafka stores write it. */
    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("journal", journal);
        m.put("cycleFile", cycleFile);
        m.put("firstIndex", firstIndex);
        m.put("lastIndex", lastIndex < 0 ? null : lastIndex);
        m.put("count", count() < 0 ? null : count());
        m.put("reason", reason);
        try {
            return EventCodec.mapper().writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
