package io.egressguard.collector.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.JvmInfo;
import java.io.IOException;

/** Turns one record of a JVM's journal or spill file (the event's JSON) into what a store takes. */
final class RecordDecoder {
    private final JournalDir journal;
    private final JvmInfo jvm;
    private final StackHashes stackHashes = new StackHashes();

    /** @param jvm the journal's {@code jvm.json}, used for events that do not carry their JVM */
    RecordDecoder(JournalDir journal, JvmInfo jvm) {
        this.journal = journal;
        this.jvm = jvm;
    }

    StoredEvent decode(byte[] bytes) throws CorruptEventException {
        IndexedFields.Indexed indexed = IndexedFields.index(bytes);
        Event event = indexed.event();
        boolean addJvm = event.jvm == null && jvm != null;
        if (!addJvm && !indexed.multiLine()) {
            return stored(event, bytes, indexed);
        }
        // Rewritten through the tree, not the Event class, so unknown (newer) fields survive: to add
        // the JVM from jvm.json, or to make a pretty-printed record one line for JSONL output.
        try {
            JsonNode tree = EventCodec.mapper().readTree(bytes);
            if (addJvm) {
                ((ObjectNode) tree).set("jvm", EventCodec.mapper().valueToTree(jvm));
                event.jvm = jvm;
            }
            byte[] rewritten = EventCodec.mapper().writeValueAsBytes(tree);
            return stored(event, rewritten, IndexedFields.index(rewritten));
        } catch (IOException | ClassCastException e) {
            throw new CorruptEventException("event " + event.id + " cannot be re-encoded: " + e.getMessage(), e);
        }
    }

    private StoredEvent stored(Event event, byte[] bytes, IndexedFields.Indexed indexed) {
        int from = indexed.stackStart();
        int to = indexed.stackEnd();
        String hash = to > from ? stackHashes.hash(bytes, from, to) : null;
        StoredEvent stored = new StoredEvent(event, bytes, journal.name(), from, to, hash);
        // Made here, on the reading thread, so the store's thread only binds it.
        stored.jsonWithoutStack();
        return stored;
    }
}
