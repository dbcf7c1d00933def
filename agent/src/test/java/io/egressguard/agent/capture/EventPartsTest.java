package io.egressguard.agent.capture;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Payload;
import java.lang.StackWalker.StackFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A recorded attempt's event whose stack and previews the journal writer fills in encodes exactly
 * as one built whole on the calling thread, as the agent built them before.
 */
class EventPartsTest {
    private static final byte[] BODY = "{\"event\":\"app_opened\",\"user\":\"u-1234\"}".getBytes(StandardCharsets.UTF_8);

    private final CodeOrigins origins = new CodeOrigins();

    @Test
    void aDeferredEventEncodesAsTheEagerOne() throws Exception {
        List<StackFrame> frames = StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE))
                .walk(s -> s.limit(20).collect(Collectors.toList()));
        StackFrame culprit = frames.get(0); // this test method: loaded from a classes directory
        CallSite site = new WalkedSite(new ArrayList<>(frames), culprit, true, origins);

        Event deferred = attempt();
        PayloadCapture payload = new PayloadPreview(4096).captureWholeBody(BODY.clone(), BODY.length, "application/json", null);
        deferred.payload = payload.payload();
        deferred.defer(new EventParts(site, payload));
        assertNull(deferred.stack, "nothing is turned into strings on the calling thread");
        assertNull(deferred.payload.preview);
        Event windowCopy = deferred.copy(); // a fold window's summary, copied before the writer got to the first

        Event eager = attempt();
        eager.stack = frames.stream().map(f -> f.toStackTraceElement().toString()).collect(Collectors.toList());
        CodeOrigin origin = origins.of(EventPartsTest.class);
        eager.culprit = new Culprit(culprit.toStackTraceElement().toString(), origin.location(), origin.gav());
        eager.payload = new PayloadPreview(4096).ofBody(BODY, BODY.length, BODY.length, PayloadPreview.sha256(BODY, BODY.length), "application/json", null);

        // encoded on another thread, as the journal writer does
        AtomicReference<byte[]> onWriter = new AtomicReference<>();
        Thread writer = new Thread(() -> onWriter.set(EventCodec.encode(deferred)), "writer");
        writer.start();
        writer.join();
        String expected = json(EventCodec.encode(eager));
        assertEquals(expected, json(onWriter.get()));
        assertEquals(expected, json(EventCodec.encode(windowCopy)), "a copy made before completion fills the same values");
        assertEquals(expected, json(EventCodec.encode(deferred.copy())), "a copy made after completion has them");
        assertTrue(expected.contains("\"stack\":[\"" + culprit.toStackTraceElement().toString()), expected);
        assertTrue(expected.contains("\"preview\":\"{\\\"event\\\""), expected);
        assertTrue(expected.contains("\"sha256\":\"" + PayloadPreview.sha256(BODY, BODY.length) + "\""), expected);
        assertNotNull(eager.culprit.jar, "the culprit's classes directory");
    }

    @Test
    void theFoldKeyNamesTheCulpritWithoutItsLine() {
        List<StackFrame> frames = StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE))
                .walk(s -> s.limit(1).collect(Collectors.toList()));
        StackFrame f = frames.get(0);
        String key = new WalkedSite(frames, f, true, origins).culpritKey();
        assertEquals(EventPartsTest.class.getName() + ".theFoldKeyNamesTheCulpritWithoutItsLine@" + f.getByteCodeIndex(), key);
        assertEquals("", new WalkedSite(frames, null, false, origins).culpritKey());
    }

    private static Event attempt() {
        Event e = new Event();
        e.id = "0190a1b2c3d4e5f6";
        e.time = 1_764_700_000_000_000_000L;
        e.api = "http-urlconnection";
        e.host = "telemetry.plane.so";
        e.port = 443;
        e.rule = "deny telemetry";
        e.thread = "main";
        return e;
    }

    private static String json(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
