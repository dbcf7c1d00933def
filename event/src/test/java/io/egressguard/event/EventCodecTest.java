package io.egressguard.event;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void roundTripsEveryField() throws Exception {
        Event e = new Event();
        e.id = EventIds.next(1_700_000_000_000L);
        e.time = 1_700_000_000_123_456_789L;
        e.action = Action.BLOCKED;
        e.rule = "catalog:segment.io";
        e.severity = Severity.CRITICAL;
        e.api = "socket";
        e.host = "api.segment.io";
        e.port = 443;
        e.ip = "127.0.0.2";
        e.stack = Arrays.asList("a.B.c(B.java:1)", "a.B.main(B.java:9)");
        e.culprit = new Culprit("a.B.c(B.java:1)", "/x/y.jar", "g:a:1");
        e.thread = "main";
        e.count = 3;
        e.dropped = 7;
        JvmInfo jvm = new JvmInfo();
        jvm.pid = 42;
        jvm.mainClass = "a.B";
        e.jvm = jvm;

        Event back = EventCodec.decode(EventCodec.encode(e));

        assertEquals(e.id, back.id);
        assertEquals(e.time, back.time);
        assertEquals(Action.BLOCKED, back.action);
        assertEquals(Severity.CRITICAL, back.severity);
        assertEquals("api.segment.io", back.host);
        assertEquals(443, back.port);
        assertEquals(e.stack, back.stack);
        assertEquals("g:a:1", back.culprit.gav);
        assertEquals(42, back.jvm.pid);
        assertEquals(3, back.count);
        assertEquals(7, back.dropped);
    }

    @Test
    void aCulpritsCoordinatesRoundTripAndARecordWrittenBeforeThemStillReads() throws Exception {
        Event e = new Event();
        e.id = "0123456789abcdef";
        e.culprit = new Culprit("a.B.c(B.java:1)", "/srv/app.jar!/BOOT-INF/lib/sdk-1.0.jar", "com.acme:sdk:1.0");
        e.culprit.purl = "pkg:maven/com.acme/sdk@1.0";
        e.culprit.evidence = Culprit.FILE_NAME;
        e.culprit.archive = "/srv/app.jar";
        e.culprit.relocated = "com.acme.shaded.okhttp3";
        Culprit back = EventCodec.decode(EventCodec.encode(e)).culprit;
        assertEquals("pkg:maven/com.acme/sdk@1.0", back.purl);
        assertEquals("file-name", back.evidence);
        assertEquals("/srv/app.jar", back.archive);
        assertEquals("com.acme.shaded.okhttp3", back.relocated);

        // as the agent wrote culprits before purl, evidence, archive and relocated existed
        String old = "{\"v\":1,\"id\":\"0123456789abcdef\",\"time\":1,\"culprit\":{\"frame\":\"a.B.c(B.java:1)\","
                + "\"jar\":\"/x/y-1.jar\",\"gav\":\"g:y:1\"},\"count\":1,\"dropped\":0}";
        Culprit read = EventCodec.decode(old.getBytes(StandardCharsets.UTF_8)).culprit;
        assertEquals("g:y:1", read.gav);
        assertEquals("/x/y-1.jar", read.jar);
        assertNull(read.purl);
        assertNull(read.evidence);
        assertNull(read.archive);
        assertNull(read.relocated);
    }

    @Test
    void aCopyCarriesEveryField() throws Exception {
        Event e = new Event();
        for (java.lang.reflect.Field f : Event.class.getFields()) {
            Class<?> t = f.getType();
            Object value = t == int.class ? (Object) 7 : t == long.class ? (Object) 7L : t == boolean.class ? (Object) true : t == String.class ? "s"
                    : t.isEnum() ? t.getEnumConstants()[0] : t == java.util.List.class ? Arrays.asList("a")
                    : t.getConstructor().newInstance();
            f.set(e, value);
        }
        Event c = e.copy();
        for (java.lang.reflect.Field f : Event.class.getFields()) {
            assertEquals(f.get(e), f.get(c), "field " + f.getName() + " is copied");
        }
    }

    @Test
    void anOverflowRecordCarriesItsMarkAndFirstTimeAndAnOrdinaryOneNeither() throws Exception {
        Event e = new Event();
        e.id = "0123456789abcdef";
        e.time = 2_000;
        e.count = 40;
        e.overflow = true;
        e.firstTime = 1_000;
        String json = new String(EventCodec.encode(e), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"overflow\":true"), json);
        assertTrue(json.contains("\"firstTime\":1000"), json);
        Event back = EventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertTrue(back.overflow);
        assertEquals(1_000, back.firstTime);
        assertEquals(40, back.count);

        Event plain = new Event();
        plain.id = "0123456789abcdef";
        String plainJson = new String(EventCodec.encode(plain), StandardCharsets.UTF_8);
        assertFalse(plainJson.contains("overflow"), plainJson);
        assertFalse(plainJson.contains("firstTime"), plainJson);
        assertFalse(EventCodec.decode(plainJson.getBytes(StandardCharsets.UTF_8)).overflow);
    }

    @Test
    void wireNamesAreLowerCase() {
        Event e = new Event();
        e.id = "x";
        e.action = Action.MONITORED;
        e.severity = Severity.HIGH;
        String json = new String(EventCodec.encode(e), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"action\":\"monitored\""), json);
        assertTrue(json.contains("\"severity\":\"high\""), json);
        assertTrue(json.contains("\"v\":1"), json);
    }

    @Test
    void readsRecordsFromANewerWriterIgnoringUnknownFields() throws Exception {
        String newer = "{\"v\":2,\"id\":\"abc\",\"action\":\"quarantined\",\"host\":\"h\",\"futureField\":{\"x\":1}}";
        Event e = EventCodec.decode(newer.getBytes(StandardCharsets.UTF_8));
        assertEquals("abc", e.id);
        assertNull(e.action, "an action this reader does not know reads as null, not as a failure");
        assertEquals(1, e.count, "a missing count defaults to one attempt");
    }

    @Test
    void corruptRecordsAreNamedNotThrownAsRuntimeErrors() {
        assertThrows(CorruptEventException.class, () -> EventCodec.decode("{\"id\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CorruptEventException.class, () -> EventCodec.decode("{\"host\":\"h\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CorruptEventException.class, () -> EventCodec.decode(new byte[] {0, 1, 2}));
    }

    @Test
    void idsAreUniqueAndTimeOrdered() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(EventIds.next(1000)));
        }
        assertTrue(EventIds.next(1000).compareTo(EventIds.next(2000)) < 0);
        assertEquals(32, EventIds.next(0).length());
    }
}
