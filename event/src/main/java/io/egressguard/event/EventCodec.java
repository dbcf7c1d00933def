package io.egressguard.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The wire form of an {@link Event}: compact UTF-8 JSON carrying its schema version in {@code v}.
 * A newer reader accepts every older version; unknown fields (from a newer writer) are ignored.
 */
public final class EventCodec {
    public static final int SCHEMA_VERSION = 1;

    /** Databind, made on first use only: the agent encodes without it and never pays its start. */
    private static final class Databind {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, true);
        static final ObjectWriter WRITER = MAPPER.writerFor(Event.class);
        static final ObjectReader READER = MAPPER.readerFor(Event.class);
    }

    private EventCodec() {
    }

    /** Completes the event (its {@linkplain Event#defer deferred} fields) and encodes it. */
    public static byte[] encode(Event event) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        encode(event, out);
        return out.toByteArray();
    }

    /**
     * Completes the event and encodes it into {@code out} (without the streaming shortcut): what
     * {@link #encode(Event, OutputStream)} must equal.
     */
    static byte[] encodeWithDatabind(Event event) {
        event.complete();
        try {
            return Databind.WRITER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("event " + event.id + " cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Completes the event and encodes it into {@code out}: a writer that reuses one buffer makes no
     * array per record. Streamed ({@link EventJson}), so the first call does not build databind's
     * serializers. On an error, what {@code out} holds is not a record.
     */
    public static void encode(Event event, OutputStream out) {
        event.complete();
        try {
            EventJson.write(event, out);
        } catch (IOException e) {
            throw new IllegalStateException("event " + event.id + " cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** Decodes one wire record; throws {@link CorruptEventException} naming what is wrong. */
    public static Event decode(byte[] bytes) throws CorruptEventException {
        Event event;
        try {
            event = Databind.READER.readValue(bytes);
        } catch (IOException e) {
            throw new CorruptEventException("not a valid event record: " + firstLine(e.getMessage()), e);
        }
        if (event == null || event.id == null || event.id.isEmpty()) {
            throw new CorruptEventException("event record without an id", null);
        }
        if (event.v < 1) {
            throw new CorruptEventException("event " + event.id + " has unknown schema version " + event.v, null);
        }
        return event;
    }

    /** The shared mapper, configured for events, for callers that render events as JSON. */
    public static ObjectMapper mapper() {
        return Databind.MAPPER;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
