package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.HttpBodies;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/** Assertions shared by the HTTP client tests: one record per attempt, request and body as sent. */
final class HttpRecords {
    private HttpRecords() {
    }

    /**
     * An allowed call went through untouched: the agent said nothing, and the server received the
     * one body, byte for byte (capturing it must never consume or change it).
     */
    static void assertDeliveredUnchanged(ForkedJvm.Result r, RecordingHttpServer server) {
        assertEquals("", r.agentStderr(), r.toString());
        assertEquals(1, server.bodies().size(), r.toString());
        assertArrayEquals(HttpBodies.json(), server.bodies().get(0), "the server got the body byte for byte");
    }

    /**
     * The server got the one request as the app sent it: method, path, every header of
     * HttpBodies (Authorization and X-Api-Key not redacted: only the record is) and the body.
     */
    static void assertSentAsIs(ForkedJvm.Result r, RecordingHttpServer server, String path) {
        assertDeliveredUnchanged(r, server);
        RecordingHttpServer.Request got = server.requests().get(0);
        assertEquals("POST", got.method(), r.toString());
        assertEquals(path, got.uri().getPath(), r.toString());
        for (Map.Entry<String, String> h : HttpBodies.headers("").entrySet()) {
            assertEquals(List.of(h.getValue()), got.headers().get(h.getKey()), h.getKey() + " as sent: " + got.headers());
        }
    }

    /** The only event journaled; fails listing them all when there is not exactly one. */
    static Event only(List<Event> events) {
        assertEquals(1, events.size(), "one attempt, one record (no extra dns/socket records):" + BackstopIT.describe(events));
        return events.get(0);
    }

    static void assertRequest(Event e, String api, String url, Action action) throws Exception {
        assertEquals(api, e.api, BackstopIT.describe(List.of(e)));
        assertEquals(action, e.action);
        assertNotNull(e.request, "the request is recorded");
        assertEquals("POST", e.request.method);
        assertEquals(url, e.request.url);
        Map<String, List<String>> h = e.request.headers;
        assertEquals(List.of(redacted(HttpBodies.AUTHORIZATION)), header(h, "Authorization"), "Authorization is redacted: " + h);
        assertEquals(List.of(redacted(HttpBodies.API_KEY)), header(h, "X-Api-Key"), "redact.headers default: " + h);
        assertEquals(List.of(HttpBodies.SDK), header(h, "X-Sdk"), "other headers as sent: " + h);
        assertEquals(List.of("application/json"), header(h, "Content-Type"));
        assertFalse(e.stack.isEmpty());
    }

    /** The JSON body, whole: preview, size and digest. */
    static void assertJsonPayload(Event e) throws Exception {
        byte[] json = HttpBodies.json();
        assertNotNull(e.payload, "the body is recorded");
        assertEquals(HttpBodies.JSON, e.payload.preview);
        assertEquals("text", e.payload.previewEncoding);
        assertEquals(json.length, e.payload.size);
        assertEquals(sha256(json), e.payload.sha256);
        assertFalse(e.payload.truncated);
        assertEquals("application/json", e.payload.contentType);
    }

    /** The gzip body: its size and digest as sent, and the JSON as decoded preview. */
    static void assertGzipPayload(Event e) throws Exception {
        byte[] gz = HttpBodies.gzippedJson();
        assertNotNull(e.payload, "the body is recorded");
        assertEquals(gz.length, e.payload.size);
        assertEquals(sha256(gz), e.payload.sha256);
        assertEquals("base64", e.payload.previewEncoding);
        assertEquals("gzip", e.payload.contentEncoding);
        assertEquals(HttpBodies.JSON, e.payload.decodedPreview);
    }

    static List<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String redacted(String value) throws Exception {
        return "redacted:sha256:" + sha256(value.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    static String sha256(byte[] b) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (byte x : MessageDigest.getInstance("SHA-256").digest(b)) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
