package io.egressguard.collector.report.forensic;

import io.egressguard.collector.report.Cells;
import io.egressguard.collector.report.Printable;
import io.egressguard.collector.report.forensic.ForensicReport.GroupView;
import io.egressguard.collector.report.forensic.ForensicReport.Overview;
import io.egressguard.collector.report.forensic.ForensicReport.PayloadView;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.Summary;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The report as one self-contained HTML file that works offline: no script at all, the style sheet
 * inline, the timeline as inline SVG, stacks and payloads in {@code <details>}. Every value from an
 * event goes through {@link #h}; on top of that a Content-Security-Policy allows nothing but this
 * page's own style sheet (by hash), so even a value that slipped through could not run or load anything.
 */
public final class HtmlReport implements ReportRenderer {
    static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#1d2127;background:#fff}
            h1{font-size:1.5em;margin:.2em 0}h2{margin-top:1.8em;border-bottom:2px solid #d0d7de;padding-bottom:.2em}
            table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
            th{background:#f3f5f7}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            code,pre,.frame{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
            pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere;max-height:30em;overflow:auto}
            details{margin:.2em 0 .2em 1.1em}summary{cursor:pointer}.count{font-weight:600;margin-right:.5em}
            .frames{margin:.1em 0 .3em 0;padding-left:3.2em}.muted{color:#57606a}.blocked{color:#b42318}.sev-critical{color:#b42318;font-weight:700}
            dl.summary{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}dl.summary dt{font-weight:600}dl.summary dd{margin:0}
            svg{max-width:100%;height:auto;border:1px solid #d0d7de;background:#fbfcfd}
            """;
    static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE) + "'; img-src 'none'; base-uri 'none'; form-action 'none'";

    private final boolean csp;

    public HtmlReport() {
        this(true);
    }

    /** Without the policy only in tests: to prove the escaping alone keeps hostile values inert. */
    HtmlReport(boolean csp) {
        this.csp = csp;
    }

    @Override
    public void write(ForensicReport r, PrintWriter out) {
        Overview o = r.overview();
        Summary s = o.summary();
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        if (csp) {
            out.println("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">");
        }
        out.println("<meta name=\"referrer\" content=\"no-referrer\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>egressguard report</title>");
        out.print("<style>" + STYLE + "</style>");
        out.println("</head><body>");
        out.println("<header><h1>egressguard report</h1><p class=\"muted\">Store " + h(r.scope().store()) + ", generated "
                + h(r.scope().generatedAt().toString()) + scope(r) + "</p></header>");

        out.println("<section id=\"summary\"><h2>Summary</h2>");
        if (o.empty()) {
            out.println("<p>No events.</p></section>");
            out.println("</body></html>");
            out.flush();
            return;
        }
        out.println("<dl class=\"summary\">");
        dt(out, "Time range", h(Words.range(s)));
        dt(out, "JVMs", Long.toString(s.jvms()));
        dt(out, "Attempts", h(Words.attempts(s)));
        dt(out, "Severity", h(Words.severities(o.bySeverity())));
        dt(out, "Destinations", Long.toString(s.destinations()));
        dt(out, "Bytes that tried to leave", o.payloadBytes() + " (" + h(Words.bytes(o.payloadBytes())) + ") in recorded payloads");
        if (s.dropped() > 0) {
            dt(out, "Dropped", s.dropped() + " (the agent could not journal these)");
        }
        out.println("</dl>");
        out.println("<table><thead><tr><th>Journal</th><th>PID</th><th>Host</th><th>Main class</th><th>Attempts</th><th>First seen</th>"
                + "<th>Last seen</th></tr></thead><tbody>");
        for (Jvm j : o.jvms()) {
            out.println("<tr><td>" + h(j.journal()) + "</td><td class=\"n\">" + (j.pid() == null ? "-" : j.pid()) + "</td><td>"
                    + h(Words.orDash(j.host())) + "</td><td>" + h(Words.orDash(j.mainClass())) + "</td><td class=\"n\">" + j.attempts()
                    + "</td><td>" + h(Words.time(j.firstNanos())) + "</td><td>" + h(Words.time(j.lastNanos())) + "</td></tr>");
        }
        out.println("</tbody></table></section>");

        out.println("<section id=\"destinations\"><h2>By destination</h2>");
        out.println("<table><thead><tr><th>Destination</th><th>Vendor</th><th>Attempts</th><th>Actions</th><th>First seen</th>"
                + "<th>Last seen</th><th>Payload bytes</th><th>APIs</th></tr></thead><tbody>");
        for (DestinationTotal d : r.destinations()) {
            out.println("<tr><td class=\"frame\">" + h(Words.destination(d)) + "</td><td>" + h(Words.orDash(d.vendor()))
                    + "</td><td class=\"n\">" + d.attempts() + "</td><td" + (d.blocked() > 0 ? " class=\"blocked\"" : "") + ">"
                    + h(Words.actions(d)) + "</td><td>" + h(Words.time(d.firstNanos())) + "</td><td>" + h(Words.time(d.lastNanos()))
                    + "</td><td class=\"n\">" + d.payloadBytes() + "</td><td>" + h(Words.list(d.apis())) + "</td></tr>");
        }
        out.println("</tbody></table></section>");

        out.println("<section id=\"call-sites\"><h2>By call site</h2>");
        groups(out, r.callSites(), "Call site", "Origin", true);
        out.println("<h3 id=\"code-paths\">Code paths</h3><p class=\"muted\">" + r.stacks().distinct()
                + " distinct stacks, merged on their outermost frames; outermost frame first, attempts in bold.</p>");
        for (StackTree.Node root : r.stacks().roots()) {
            node(out, root);
        }
        out.println("</section>");

        out.println("<section id=\"dependencies\"><h2>By dependency</h2>");
        groups(out, r.dependencies(), "Dependency", "Jar", false);
        out.println("</section>");

        out.println("<section id=\"timeline\"><h2>Timeline</h2><p class=\"muted\">Attempts per " + h(r.timeline().unit())
                + " (UTC): blocked red, monitored amber, allowed green.</p>");
        out.println(TimelineSvg.svg(r.timeline()));
        out.println("</section>");

        out.println("<section id=\"payloads\"><h2>Largest payloads</h2>");
        if (r.payloads().isEmpty()) {
            out.println("<p>None recorded.</p>");
        }
        for (PayloadView p : r.payloads()) {
            payload(out, p);
        }
        out.println("</section>");
        out.println("</body></html>");
        out.flush();
    }

    private static String scope(ForensicReport r) {
        List<String> parts = new ArrayList<>();
        ForensicReport.Scope s = r.scope();
        if (s.sinceNanos() != null) {
            parts.add("since " + Words.time(s.sinceNanos()));
        }
        if (s.untilNanos() != null) {
            parts.add("until " + Words.time(s.untilNanos()));
        }
        if (s.host() != null) {
            parts.add("host " + s.host());
        }
        if (s.jvm() != null) {
            parts.add("JVM " + s.jvm());
        }
        if (s.action() != null) {
            parts.add("action " + s.action());
        }
        return parts.isEmpty() ? "" : "; " + h(String.join(", ", parts));
    }

    private static void dt(PrintWriter out, String term, String html) {
        out.println("<dt>" + term + "</dt><dd>" + html + "</dd>");
    }

    private static void groups(PrintWriter out, List<GroupView> groups, String key, String origin, boolean callSite) {
        out.println("<table><thead><tr><th>" + key + "</th>" + (callSite ? "" : "<th>Package URL</th><th>Evidence</th>") + "<th>" + origin
                + "</th><th>Attempts</th><th>Destinations</th></tr></thead><tbody>");
        for (GroupView g : groups) {
            String k = callSite ? g.group().key() : Words.dependency(g.group().key(), g.group().origin());
            String o = callSite ? Cells.shortOrigin(g.group().origin()) : g.group().origin();
            List<String> parts = new ArrayList<>();
            for (GroupDestination d : g.destinations()) {
                parts.add(h(d.destination()) + " (" + d.attempts() + ")");
            }
            String purl = callSite ? "" : "<td>" + h(Words.purl(g.group())) + "</td><td>" + h(Words.orDash(g.group().evidence())) + "</td>";
            out.println("<tr><td class=\"frame\">" + h(k) + "</td>" + purl + "<td>" + h(Words.orDash(o)) + "</td><td class=\"n\">"
                    + g.group().attempts() + "</td><td>" + g.group().destinationCount() + ": " + String.join(", ", parts)
                    + (g.group().destinationCount() > g.destinations().size() ? ", …" : "") + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private static void node(PrintWriter out, StackTree.Node node) {
        List<String> frames = node.frames();
        out.print("<details open><summary><span class=\"count\">" + node.attempts() + "</span><span class=\"frame\">"
                + h(frames.get(0)) + "</span>" + (frames.size() > 1 ? " <span class=\"muted\">+" + (frames.size() - 1) + " frames</span>" : "")
                + "</summary>");
        if (frames.size() > 1) {
            out.print("<ol class=\"frames\" start=\"2\">");
            for (String frame : frames.subList(1, frames.size())) {
                out.print("<li class=\"frame\">" + h(frame) + "</li>");
            }
            out.print("</ol>");
        }
        out.println();
        for (StackTree.Node child : node.children()) {
            node(out, child);
        }
        out.println("</details>");
    }

    private static void payload(PrintWriter out, PayloadView p) {
        out.println("<details><summary><span class=\"count\">" + p.event().size() + " bytes</span> to <span class=\"frame\">"
                + h(p.event().destination()) + "</span> <span class=\"muted\">" + h(Words.orDash(p.event().action())) + ", "
                + h(Words.time(p.event().timeNanos())) + "</span></summary>");
        out.println("<dl class=\"summary\">");
        dt(out, "Event", h(p.event().id()));
        dt(out, "Culprit", "<span class=\"frame\">" + h(Words.orDash(p.event().frame())) + "</span>"
                + (p.event().origin() == null || p.event().origin().isEmpty() ? "" : " (" + h(p.event().origin()) + ")"));
        dt(out, "Content type", h(Words.orDash(p.contentType())));
        dt(out, "Content encoding", h(Words.orDash(p.contentEncoding())));
        dt(out, "SHA-256", h(Words.orDash(p.sha256())));
        dt(out, "Preview", p.truncated() ? "the first bytes only (truncated)" : "the whole body");
        out.println("</dl>");
        if (p.preview() != null) {
            out.println("<p>Preview" + ("base64".equalsIgnoreCase(p.previewEncoding()) ? " (binary, hex)" : "") + "</p><pre>"
                    + hLines(p.preview()) + "</pre>");
        }
        if (p.decodedPreview() != null) {
            out.println("<p>Decoded preview</p><pre>" + hLines(p.decodedPreview()) + "</pre>");
        }
        out.println("</details>");
    }

    /** Multi-line text: each line escaped, line breaks kept. */
    private static String hLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            lines.add(h(line));
        }
        return String.join("\n", lines);
    }

    /** Control characters as \xNN (as on a terminal), then the five HTML specials as entities: safe in text and in quoted attributes. */
    static String h(String value) {
        String printable = Printable.escape(value);
        StringBuilder b = new StringBuilder(printable.length() + 16);
        for (char c : printable.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
