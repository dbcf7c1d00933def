package io.egressguard.collector.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.Journals;
import io.egressguard.event.Action;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The light decode must fill the indexed fields exactly as the full decode does, and reject what it rejects. */
class IndexedFieldsTest {
    @Test
    void indexedFieldsMatchTheFullDecode() throws Exception {
        Event e = Journals.event(1_780_000_000_123_456_789L, "Metrics.Tracker.io", 8443, Action.MONITORED, 3);
        e.dropped = 7;
        e.overflow = true;
        e.firstTime = 1_780_000_000_000_000_000L;
        e.payload = new io.egressguard.event.Payload();
        byte[] bytes = EventCodec.encode(e);
        Event full = EventCodec.decode(bytes);
        Event light = IndexedFields.read(bytes);
        assertEquals(full.v, light.v);
        assertEquals(full.id, light.id);
        assertEquals(full.time, light.time);
        assertEquals(full.action, light.action);
        assertEquals(full.rule, light.rule);
        assertEquals(full.severity, light.severity);
        assertEquals(full.api, light.api);
        assertEquals(full.host, light.host);
        assertEquals(full.port, light.port);
        assertEquals(full.ip, light.ip);
        assertEquals(full.vendor, light.vendor);
        assertEquals(full.thread, light.thread);
        assertEquals(full.count, light.count);
        assertEquals(full.dropped, light.dropped);
        assertTrue(light.overflow, "an overflow record is told as one");
        assertEquals(full.firstTime, light.firstTime);
        assertEquals(full.culprit.frame, light.culprit.frame);
        assertEquals(full.culprit.jar, light.culprit.jar);
        assertEquals(full.culprit.gav, light.culprit.gav);
        assertEquals(full.jvm.pid, light.jvm.pid);
        assertEquals(full.jvm.hostname, light.jvm.hostname);
        assertEquals(full.jvm.mainClass, light.jvm.mainClass);
        assertNull(light.stack, "skipped, not bound");
    }

    @Test
    void aRecordSpanningLinesIsToldFromAOneLineRecord() throws Exception {
        Event e = Journals.event(1_780_000_000_123_456_789L, "metrics.tracker.io", 443, Action.BLOCKED, 1);
        e.thread = "line\nbreak\r\nin a string"; // escaped in JSON: still one line
        String compact = new String(EventCodec.encode(e), StandardCharsets.UTF_8);
        assertFalse(IndexedFields.index(json(compact)).multiLine());
        String pretty = EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(EventCodec.mapper().readTree(compact));
        assertTrue(IndexedFields.index(json(pretty)).multiLine());
        assertTrue(IndexedFields.index(json(compact + "\n")).multiLine(), "a line break after the record");
        assertTrue(IndexedFields.index(json("\r\n" + compact)).multiLine(), "a line break before it");
        assertTrue(IndexedFields.index(json(compact.replace(",\"time\"", ",\r\"time\""))).multiLine(), "a lone CR");
        assertFalse(IndexedFields.index(json(" " + compact + " \t")).multiLine(), "spaces are not line breaks");
    }

    @Test
    void unknownFieldsAndValuesAreToleratedAsByTheFullDecode() throws Exception {
        Event e = IndexedFields.read(json("{\"v\":2,\"id\":\"x1\",\"time\":5,\"action\":\"quarantined\",\"future\":{\"a\":[1,2]},"
                + "\"severity\":\"unheard-of\",\"jvm\":null}"));
        assertEquals("x1", e.id);
        assertNull(e.action);
        assertNull(e.severity);
        assertNull(e.jvm);
        assertEquals(1, e.count, "the default when absent");
    }

    @Test
    void whatTheFullDecodeRejectsIsCorrupt() {
        for (String bad : new String[] {"{not json", "[1,2]", "{\"time\":5}", "{\"id\":\"\"}", "{\"v\":0,\"id\":\"x\"}",
                "{\"id\":\"x\",\"port\":\"https\"}", "{\"id\":\"x\",\"culprit\":\"frame\"}", "{\"id\":\"x\",\"time\":"}) {
            CorruptEventException e = assertThrows(CorruptEventException.class, () -> IndexedFields.read(json(bad)), bad);
            assertTrue(e.getMessage().startsWith("not a valid event record") || e.getMessage().contains("id")
                    || e.getMessage().contains("schema version"), e.getMessage());
            assertThrows(CorruptEventException.class, () -> EventCodec.decode(json(bad)), "the full decode agrees on " + bad);
        }
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
