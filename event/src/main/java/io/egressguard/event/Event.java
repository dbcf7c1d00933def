package io.egressguard.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One outbound attempt as the agent journals it and the collector stores it (schema v1).
 * Field names are the wire names; see docs/events.md. New fields may be added in later versions;
 * readers ignore what they do not know and default what is missing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Event {
    /** Version of this schema written by the agent. */
    public int v = EventCodec.SCHEMA_VERSION;
    /** Unique event id (time-ordered hex); stores are idempotent on it. */
    public String id;
    /** When the attempt was made, epoch nanoseconds UTC. */
    public long time;
    public Action action;
    /** The rule that decided, as the policy names it. */
    public String rule;
    public Severity severity;
    /** The hook that saw the attempt: socket, udp, dns, or an HTTP client name. */
    public String api;
    public String host;
    public int port;
    public String ip;
    /** The catalog vendor when the destination is a known tracker. */
    public String vendor;
    public List<String> stack;
    public Culprit culprit;
    public String thread;
    public JvmInfo jvm;
    /** Attempts this record stands for: fast repeats of the same destination fold into one. */
    public int count = 1;
    /**
     * Attempts the agent had to drop since the previous journaled record: counted, but not even an
     * overflow record could hold them (its table full, journal down, disk low).
     */
    public long dropped;
    /**
     * True on an overflow record: the agent's ring was full, so the attempts to one destination from
     * one call site ({@code count} of them, from {@code time} back to {@link #firstTime}) were kept as
     * one aggregate with the first one's stack. Absent (false) on ordinary records.
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public boolean overflow;
    /** On an overflow record: when the first of its attempts was made, epoch nanoseconds UTC; else 0 (absent). */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public long firstTime;
    public Request request;
    public Payload payload;

    /**
     * What the producer fills in only when the event is encoded, off the thread that made the attempt
     * (the agent turns stack frames into strings and decodes the body preview on its journal writer).
     * Volatile: {@link #complete} clears it after filling, so a reader that sees it null sees the filled
     * fields too (a fold window copies its first event on another thread while the writer encodes it).
     */
    private volatile Deferred deferred;

    /**
     * Fills part of an event late: once per event, and again for each copy made before that (copies
     * share it), so it must fill the same fields with the same values every time.
     */
    public interface Deferred {
        void fill(Event e);

        /** Heap bytes held until {@link #fill} (raw stack frames, raw payload bytes), for {@link Event#heldBytes}. */
        default long heldBytes() {
            return 0;
        }

        /** Identifies the code that made the attempt (its culprit's call), or null: part of an overflow key. */
        default String siteKey() {
            return null;
        }
    }

    /** The event object itself with its ids, names and the strings every event has (an estimate, on the high side). */
    static final long BASE_BYTES = 512;
    /** A printed stack frame: its list slot and string (frames the agent prints are often shared; this is the most). */
    static final long FRAME_STRING_BYTES = 160;
    /** The culprit: a frame, a jar path and coordinates. */
    static final long CULPRIT_BYTES = 384;
    /** Per string kept (header name or value, URL, method): the String and its array around the characters. */
    static final long STRING_BYTES = 48;

    /**
     * Roughly the heap this event holds until it is encoded: what it really holds, field by field (its
     * stack by the number of frames, raw or printed; its request's URL and headers; its payload's raw
     * bytes or previews), not a flat share per event. What a producer queues for a writer is bounded by it.
     */
    public long heldBytes() {
        Deferred d = deferred;
        long n = BASE_BYTES + (d != null ? d.heldBytes() : 0);
        List<String> frames = stack;
        if (frames != null) {
            n += frames.size() * FRAME_STRING_BYTES;
        }
        if (culprit != null) {
            n += CULPRIT_BYTES;
        }
        Request r = request;
        if (r != null) {
            n += r.heldBytes();
        }
        Payload p = payload;
        if (p != null) {
            n += length(p.preview) + length(p.decodedPreview);
        }
        return n;
    }

    /** {@link Deferred#siteKey} of a deferred event; else its culprit's frame (null when neither is known). */
    public String siteKey() {
        Deferred d = deferred;
        String k = d != null ? d.siteKey() : null;
        if (k == null && culprit != null) {
            k = culprit.frame;
        }
        return k;
    }

    static long length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Leaves {@code parts} to fill in this event's remaining fields when it is {@linkplain #complete completed}. */
    public void defer(Deferred parts) {
        deferred = parts;
    }

    /** Fills what was deferred, if anything; {@link EventCodec#encode} does this first. */
    public void complete() {
        Deferred d = deferred;
        if (d != null) {
            d.fill(this);
            deferred = null;
        }
    }

    /** A shallow copy: nested objects are shared (events are not changed once journaled). */
    public Event copy() {
        Event c = new Event();
        // Read first: when null, the fields it filled are visible below; else the copy fills them again.
        c.deferred = deferred;
        c.v = v;
        c.id = id;
        c.time = time;
        c.action = action;
        c.rule = rule;
        c.severity = severity;
        c.api = api;
        c.host = host;
        c.port = port;
        c.ip = ip;
        c.vendor = vendor;
        c.stack = stack;
        c.culprit = culprit;
        c.thread = thread;
        c.jvm = jvm;
        c.count = count;
        c.dropped = dropped;
        c.overflow = overflow;
        c.firstTime = firstTime;
        c.request = request;
        c.payload = payload;
        return c;
    }
}
