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
    /** Events the agent had to drop (ring full, journal down) since the previous journaled one. */
    public long dropped;
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

        /** Heap bytes held until {@link #fill} (raw payload bytes, say), for {@link Event#heldBytes}. */
        default long heldBytes() {
            return 0;
        }
    }

    /**
     * A share for the fields, the request and a raw stack of usual depth (a 100-frame backtrace with
     * its walked frames is about 3 KiB): what {@link #heldBytes} counts besides payload bytes.
     */
    static final long FIXED_HELD_BYTES = 4096;

    /**
     * Roughly the heap this event holds until it is encoded: a fixed share, plus its payload's raw
     * bytes still to preview or its made previews. What a producer queues for a writer is bounded by
     * it; precise to the payload, which is what can make one event a thousand times another.
     */
    public long heldBytes() {
        Deferred d = deferred;
        long n = FIXED_HELD_BYTES + (d != null ? d.heldBytes() : 0);
        Payload p = payload;
        if (p != null) {
            n += length(p.preview) + length(p.decodedPreview);
        }
        return n;
    }

    private static long length(String s) {
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
        c.request = request;
        c.payload = payload;
        return c;
    }
}
