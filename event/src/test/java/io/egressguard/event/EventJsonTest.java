package io.egressguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streamed encoding is databind's, byte for byte, on every field and on omitted nulls. */
class EventJsonTest {
    @Test
    void equalsDatabindWithEveryFieldSet() throws Exception {
        Event e = full();
        assertEquals(new String(EventCodec.encodeWithDatabind(e), "UTF-8"), new String(EventCodec.encode(e), "UTF-8"));
    }

    @Test
    void equalsDatabindWithNullsAndAwkwardText() throws Exception {
        Event e = new Event();
        e.id = "x";
        e.host = "h\u00e9\"\\\n\u0001\ud83d\ude00";
        e.stack = Arrays.asList("a", null);
        e.request = new Request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("A", Arrays.asList("1", "2"));
        headers.put("B", null);
        e.request.headers = headers;
        e.payload = new Payload();
        assertEquals(new String(EventCodec.encodeWithDatabind(e), "UTF-8"), new String(EventCodec.encode(e), "UTF-8"));
    }

    /** A field added to Event (or a nested type) and not to EventJson fails here. */
    @Test
    void coversEveryPublicField() throws Exception {
        JsonNode tree = EventCodec.mapper().readTree(EventCodec.encode(full()));
        for (Class<?> type : new Class<?>[] {Event.class, Culprit.class, JvmInfo.class, Request.class, Payload.class}) {
            JsonNode node = type == Event.class ? tree : tree.get(nested(type));
            for (Field f : type.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    assertEquals(true, node.has(f.getName()), type.getSimpleName() + "." + f.getName() + " is not written");
                }
            }
        }
    }

    private static String nested(Class<?> type) {
        return type == Culprit.class ? "culprit" : type == JvmInfo.class ? "jvm" : type == Request.class ? "request" : "payload";
    }

    private static Event full() throws Exception {
        Event e = new Event();
        fill(e);
        e.action = Action.MONITORED;
        e.severity = Severity.LOW;
        e.stack = Arrays.asList("a.B.c(B.java:1)", "d.E.f(E.java:2)");
        e.culprit = fill(new Culprit());
        e.jvm = fill(new JvmInfo());
        e.request = fill(new Request());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", Arrays.asList("<redacted>"));
        e.request.headers = headers;
        e.payload = fill(new Payload());
        e.payload.truncated = true;
        return e;
    }

    private static <T> T fill(T o) throws Exception {
        int n = 1;
        for (Field f : o.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Class<?> t = f.getType();
            if (t == String.class) {
                f.set(o, f.getName() + "-" + n);
            } else if (t == int.class) {
                f.setInt(o, n);
            } else if (t == long.class) {
                f.setLong(o, 1000L * n);
            } else if (t == boolean.class) {
                f.setBoolean(o, true);
            }
            n++;
        }
        return o;
    }
}
