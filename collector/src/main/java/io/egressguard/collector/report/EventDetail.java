package io.egressguard.collector.report;

import static io.egressguard.collector.report.Cells.orDash;
import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import io.egressguard.event.Payload;
import io.egressguard.event.Request;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The whole of one event, for {@code show}: header, request, payload (text, or a hex dump of
 * binary bytes), the stack with the culprit frame marked by {@code >}, and the JVM. Every value
 * from the event is escaped; multi-line text keeps its line breaks as separate, indented lines.
 */
public final class EventDetail {
    private static final String INDENT = "    ";

    private final PrintWriter out;

    public EventDetail(PrintWriter out) {
        this.out = out;
    }

    public void write(Event e) {
        field("", "id", e.id);
        field("", "time", Cells.timeIso(e.time));
        field("", "action", e.action == null ? null : e.action.wireName());
        field("", "rule", e.rule);
        field("", "severity", e.severity == null ? null : e.severity.wireName());
        field("", "vendor", e.vendor);
        field("", "api", e.api);
        field("", "destination", Cells.destination(e));
        field("", "ip", e.ip);
        field("", "thread", e.thread);
        field("", "count", Integer.toString(e.count));
        if (e.overflow) {
            // the agent's ring was full: one aggregate stands for count attempts, with the first one's stack
            field("", "overflow", "yes: " + e.count + " attempt(s) from " + Cells.timeIso(e.firstTime) + " to "
                    + Cells.timeIso(e.time) + " kept as one record (the agent's ring was full)");
        }
        field("", "dropped", Long.toString(e.dropped));
        request(e.request);
        payload(e.payload);
        stack(e.stack, e.culprit);
        culprit(e.culprit);
        jvm(e.jvm);
        out.flush();
    }

    private void request(Request r) {
        out.println();
        out.println("Request");
        if (r == null) {
            out.println("  (none: not seen by an HTTP client hook)");
            return;
        }
        field("  ", "method", r.method);
        field("  ", "url", r.url);
        if (r.headers == null || r.headers.isEmpty()) {
            field("  ", "headers", null);
            return;
        }
        out.println("  headers");
        for (Map.Entry<String, List<String>> header : r.headers.entrySet()) {
            List<String> values = header.getValue() == null ? List.of() : header.getValue();
            for (String value : values.isEmpty() ? List.of("") : values) {
                out.println(INDENT + escape(header.getKey()) + ": " + escape(value));
            }
        }
    }

    private void payload(Payload p) {
        out.println();
        out.println("Payload");
        if (p == null) {
            out.println("  (none)");
            return;
        }
        field("  ", "size", p.size < 0 ? "unknown (streamed)" : p.size + " bytes");
        field("  ", "sha256", p.sha256);
        field("  ", "truncated", p.truncated ? "yes" : "no");
        field("  ", "content type", p.contentType);
        field("  ", "encoding", p.contentEncoding);
        if (p.preview != null) {
            if ("base64".equalsIgnoreCase(p.previewEncoding)) {
                binaryPreview(p.preview);
            } else {
                out.println("  preview (" + escape(orDash(p.previewEncoding)) + ")");
                text(p.preview);
            }
        }
        if (p.decodedPreview != null) {
            out.println("  decoded preview");
            text(p.decodedPreview);
        }
    }

    private void binaryPreview(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            out.println("  preview (base64, not decodable: " + escape(e.getMessage()) + ")");
            text(base64);
            return;
        }
        out.println("  preview (" + bytes.length + " bytes, hex)");
        for (String line : HexDump.lines(bytes)) {
            out.println(INDENT + line);
        }
    }

    private void text(String text) {
        for (String line : text.split("\n", -1)) {
            out.println(INDENT + escape(line));
        }
    }

    private void stack(List<String> stack, Culprit culprit) {
        out.println();
        out.println("Stack (> culprit)");
        String origin = Cells.origin(culprit);
        String originNote = origin == null ? "" : "   [" + escape(origin) + (culprit.gav != null && culprit.jar != null
                ? " " + escape(culprit.jar) : "") + "]";
        boolean marked = false;
        if (stack != null) {
            for (String frame : stack) {
                boolean isCulprit = !marked && culprit != null && frame != null && frame.equals(culprit.frame);
                marked |= isCulprit;
                out.println((isCulprit ? ">   " : INDENT) + escape(frame) + (isCulprit ? originNote : ""));
            }
        }
        if (stack == null || stack.isEmpty()) {
            out.println("  (no stack recorded)");
        }
        if (!marked && culprit != null) {
            out.println("> culprit (not in the stack above): " + escape(orDash(culprit.frame)) + originNote);
        }
    }

    /**
     * The culprit's jar and what is known of it: its coordinates with the evidence they came from
     * (records written before the agent resolved them have a gav at most), the archive a nested jar
     * sits in, and a relocated library package.
     */
    private void culprit(Culprit c) {
        out.println();
        out.println("Culprit");
        if (c == null) {
            out.println("  (unknown: every frame was the JDK's)");
            return;
        }
        field("  ", "jar", c.jar);
        if (c.archive != null) {
            field("  ", "in archive", c.archive);
        }
        field("  ", "coordinates", c.gav);
        if (c.purl != null || c.evidence != null) {
            field("  ", "purl", c.purl);
            field("  ", "evidence", c.evidence);
        }
        if (c.relocated != null) {
            field("  ", "relocated", c.relocated + " (another library's package shaded into this jar)");
        }
    }

    private void jvm(JvmInfo jvm) {
        out.println();
        out.println("JVM");
        if (jvm == null) {
            out.println("  (unknown)");
            return;
        }
        field("  ", "pid", Long.toString(jvm.pid));
        field("  ", "host", jvm.hostname);
        field("  ", "container", jvm.container);
        field("  ", "main class", jvm.mainClass);
        field("  ", "start", jvm.startTime > 0 ? Instant.ofEpochMilli(jvm.startTime).toString() : null);
        field("  ", "journal", jvm.journal);
    }

    private void field(String indent, String name, String value) {
        out.println(indent + name + " ".repeat(Math.max(1, 14 - indent.length() - name.length())) + escape(orDash(value)));
    }
}
