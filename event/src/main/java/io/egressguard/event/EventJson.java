package io.egressguard.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link Event} with Jackson's streaming generator: the fields, their order and the
 * omitted nulls are those databind writes (EventJsonTest compares the two on every field). The
 * agent's journal writer encodes here because binding through databind first costs ~280 ms of CPU
 * to build its serializers (docs/BENCHMARKS.md, "Journal start"), and on a crowded host that
 * starved the writer for seconds before its first record; this starts in a few milliseconds.
 */
final class EventJson {
    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {
    }

    static void write(Event e, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("v", e.v);
            text(g, "id", e.id);
            g.writeNumberField("time", e.time);
            if (e.action != null) {
                g.writeStringField("action", e.action.wireName());
            }
            text(g, "rule", e.rule);
            if (e.severity != null) {
                g.writeStringField("severity", e.severity.wireName());
            }
            text(g, "api", e.api);
            text(g, "host", e.host);
            g.writeNumberField("port", e.port);
            text(g, "ip", e.ip);
            text(g, "vendor", e.vendor);
            strings(g, "stack", e.stack);
            culprit(g, e.culprit);
            text(g, "thread", e.thread);
            jvm(g, e.jvm);
            g.writeNumberField("count", e.count);
            g.writeNumberField("dropped", e.dropped);
            if (e.overflow) {
                g.writeBooleanField("overflow", true);
            }
            if (e.firstTime != 0) {
                g.writeNumberField("firstTime", e.firstTime);
            }
            request(g, e.request);
            payload(g, e.payload);
            g.writeEndObject();
        }
    }

    private static void culprit(JsonGenerator g, Culprit c) throws IOException {
        if (c == null) {
            return;
        }
        g.writeObjectFieldStart("culprit");
        text(g, "frame", c.frame);
        text(g, "jar", c.jar);
        text(g, "gav", c.gav);
        text(g, "purl", c.purl);
        text(g, "evidence", c.evidence);
        text(g, "archive", c.archive);
        text(g, "relocated", c.relocated);
        g.writeEndObject();
    }

    private static void jvm(JsonGenerator g, JvmInfo j) throws IOException {
        if (j == null) {
            return;
        }
        g.writeObjectFieldStart("jvm");
        g.writeNumberField("pid", j.pid);
        text(g, "hostname", j.hostname);
        text(g, "container", j.container);
        text(g, "mainClass", j.mainClass);
        g.writeNumberField("startTime", j.startTime);
        text(g, "journal", j.journal);
        g.writeEndObject();
    }

    private static void request(JsonGenerator g, Request r) throws IOException {
        if (r == null) {
            return;
        }
        g.writeObjectFieldStart("request");
        text(g, "method", r.method);
        text(g, "url", r.url);
        if (r.headers != null) {
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, List<String>> h : r.headers.entrySet()) {
                if (h.getValue() == null) {
                    g.writeNullField(String.valueOf(h.getKey()));
                } else {
                    strings(g, String.valueOf(h.getKey()), h.getValue());
                }
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void payload(JsonGenerator g, Payload p) throws IOException {
        if (p == null) {
            return;
        }
        g.writeObjectFieldStart("payload");
        g.writeNumberField("size", p.size);
        text(g, "sha256", p.sha256);
        text(g, "preview", p.preview);
        text(g, "previewEncoding", p.previewEncoding);
        g.writeBooleanField("truncated", p.truncated);
        text(g, "contentType", p.contentType);
        text(g, "contentEncoding", p.contentEncoding);
        text(g, "decodedPreview", p.decodedPreview);
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values == null) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (String s : values) {
            if (s == null) {
                g.writeNull();
            } else {
                g.writeString(s);
            }
        }
        g.writeEndArray();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
