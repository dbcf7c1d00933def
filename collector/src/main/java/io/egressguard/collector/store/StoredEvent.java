package io.egressguard.collector.store;

import io.egressguard.event.Event;
import java.nio.charset.StandardCharsets;

/**
 * An event as the drain hands it to a store: the decoded event (for the query columns), its JSON
 * record as it will be kept (UTF-8), the journal directory it came from, and where the record's
 * {@code stack} array lies in it. SQL stores keep each distinct stack once and the record without
 * it ({@link #jsonWithoutStack}); the readers put the stack back where it was.
 */
public final class StoredEvent {
    private final Event event;
    private final byte[] utf8;
    private final String journal;
    private final int stackStart;
    private final int stackEnd;
    private final String stackHash;
    private String json;
    private String withoutStack;
    private int stackAt = -1;

    /**
     * @param stackStart byte offset of the {@code stack} array's {@code [} in {@code utf8}
     * @param stackEnd   byte offset just past its {@code ]}; {@code stackEnd <= stackStart}: no stack
     * @param stackHash  {@link #stackJson}'s key (see {@code Stacks.hash}), null when there is no stack
     */
    public StoredEvent(Event event, byte[] utf8, String journal, int stackStart, int stackEnd, String stackHash) {
        this.event = event;
        this.utf8 = utf8;
        this.journal = journal;
        this.stackStart = stackStart;
        this.stackEnd = stackEnd;
        this.stackHash = stackEnd > stackStart ? stackHash : null;
    }

    /** An event whose record is kept whole (no stack split out). */
    public StoredEvent(Event event, String json, String journal) {
        this(event, json.getBytes(StandardCharsets.UTF_8), journal, 0, 0, null);
        this.json = json;
    }

    public Event event() {
        return event;
    }

    public String journal() {
        return journal;
    }

    /** The whole record, UTF-8; not to be modified. */
    public byte[] utf8() {
        return utf8;
    }

    /** The whole record. */
    public String json() {
        if (json == null) {
            json = new String(utf8, StandardCharsets.UTF_8);
        }
        return json;
    }

    public boolean hasStack() {
        return stackHash != null;
    }

    /** The stack's JSON array text exactly as in the record, or null. */
    public String stackJson() {
        return hasStack() ? new String(utf8, stackStart, stackEnd - stackStart, StandardCharsets.UTF_8) : null;
    }

    public String stackHash() {
        return stackHash;
    }

    /**
     * The record with its stack array replaced by {@code null} (the whole record when it has no
     * stack): what SQL stores keep in {@code events.json}.
     */
    public String jsonWithoutStack() {
        if (!hasStack()) {
            return json();
        }
        if (withoutStack == null) {
            String head = new String(utf8, 0, stackStart, StandardCharsets.UTF_8);
            String tail = new String(utf8, stackEnd, utf8.length - stackEnd, StandardCharsets.UTF_8);
            stackAt = head.codePointCount(0, head.length());
            withoutStack = head + "null" + tail;
        }
        return withoutStack;
    }

    /**
     * Where {@link #jsonWithoutStack} has the {@code null} that stands for the stack, counted in
     * characters (code points, as SQL's {@code substr} counts them) from 0; null without a stack.
     */
    public Integer stackAt() {
        if (!hasStack()) {
            return null;
        }
        jsonWithoutStack();
        return stackAt;
    }

    @Override
    public String toString() {
        return "StoredEvent[" + event.id + " from " + journal + "]";
    }
}
