package io.egressguard.collector.report.forensic;

import io.egressguard.collector.report.Cells;
import io.egressguard.collector.report.Printable;
import io.egressguard.collector.report.forensic.ForensicReport.GroupView;
import io.egressguard.collector.report.forensic.ForensicReport.Overview;
import io.egressguard.collector.report.forensic.ForensicReport.PayloadView;
import io.egressguard.collector.store.ReportRows.Bucket;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.Summary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as GitHub-flavoured Markdown (tables, nested lists, fenced blocks). Event values are
 * escaped twice: control characters as in the text report, then Markdown and HTML specials, so a
 * host or payload can neither format the page nor inject markup; previews go in fences longer than
 * any run of backticks they contain.
 */
public final class MarkdownReport implements ReportRenderer {
    @Override
    public void write(ForensicReport r, PrintWriter out) {
        Overview o = r.overview();
        Summary s = o.summary();
        out.println("# egressguard report");
        out.println();
        out.println("## Summary");
        out.println();
        if (o.empty()) {
            out.println("No events.");
            out.flush();
            return;
        }
        out.println("| | |");
        out.println("|---|---|");
        out.println("| Time range | " + Words.range(s) + " |");
        out.println("| JVMs | " + s.jvms() + " |");
        out.println("| Attempts | " + Words.attempts(s) + " |");
        out.println("| Severity | " + Words.severities(o.bySeverity()) + " |");
        out.println("| Destinations | " + s.destinations() + " |");
        out.println("| Payload bytes | " + o.payloadBytes() + " (" + Words.bytes(o.payloadBytes()) + ") in recorded payloads |");
        if (s.dropped() > 0) {
            out.println("| Dropped | " + s.dropped() + " (the agent could not journal these) |");
        }
        out.println();
        out.println("| Journal | PID | Host | Main class | Attempts | First seen | Last seen |");
        out.println("|---|---:|---|---|---:|---|---|");
        for (Jvm j : o.jvms()) {
            row(out, md(j.journal()), j.pid() == null ? "-" : j.pid().toString(), md(Words.orDash(j.host())),
                    md(Words.orDash(j.mainClass())), Long.toString(j.attempts()), Words.time(j.firstNanos()), Words.time(j.lastNanos()));
        }

        section(out, "By destination");
        out.println("| Destination | Vendor | Attempts | Actions | First seen | Last seen | Payload bytes | APIs |");
        out.println("|---|---|---:|---|---|---|---:|---|");
        for (DestinationTotal d : r.destinations()) {
            row(out, md(Words.destination(d)), md(Words.orDash(d.vendor())), Long.toString(d.attempts()), Words.actions(d),
                    Words.time(d.firstNanos()), Words.time(d.lastNanos()), Long.toString(d.payloadBytes()), md(Words.list(d.apis())));
        }

        section(out, "By call site");
        groups(out, r.callSites(), "Call site", "Origin", true);
        out.println();
        out.println("### Code paths");
        out.println();
        out.println(r.stacks().distinct() + " distinct stacks, merged on their outermost frames (outermost first; **attempts**).");
        out.println();
        for (StackTree.Node root : r.stacks().roots()) {
            node(out, root, "");
        }

        section(out, "By dependency");
        groups(out, r.dependencies(), "Dependency", "Jar", false);

        section(out, "Timeline");
        out.println("Attempts per " + r.timeline().unit() + " (UTC).");
        out.println();
        out.println("| " + (r.timeline().unit().equals("day") ? "Day" : "From") + " | Attempts | Blocked | Monitored | Allowed |");
        out.println("|---|---:|---:|---:|---:|");
        for (Bucket b : r.timeline().buckets()) {
            row(out, Words.bucket(b.startNanos(), r.timeline().unit()), Long.toString(b.attempts()), Long.toString(b.blocked()),
                    Long.toString(b.monitored()), Long.toString(b.allowed()));
        }

        section(out, "Largest payloads");
        if (r.payloads().isEmpty()) {
            out.println("None recorded.");
        }
        int n = 0;
        for (PayloadView p : r.payloads()) {
            out.println("### " + (++n) + ". " + p.event().size() + " bytes to " + md(p.event().destination()));
            out.println();
            out.println("- " + md(Words.orDash(p.event().action())) + " at " + Words.time(p.event().timeNanos()) + ", event "
                    + md(p.event().id()));
            out.println("- culprit " + md(Words.orDash(p.event().frame())) + (p.event().origin() == null || p.event().origin().isEmpty()
                    ? "" : " (" + md(Cells.shortOrigin(p.event().origin())) + ")"));
            if (p.contentType() != null || p.contentEncoding() != null) {
                out.println("- content type " + md(Words.orDash(p.contentType())) + ", encoding " + md(Words.orDash(p.contentEncoding()))
                        + (p.truncated() ? ", preview truncated" : ""));
            }
            fenced(out, "Preview" + ("base64".equalsIgnoreCase(p.previewEncoding()) ? " (binary, hex)" : ""), p.preview());
            fenced(out, "Decoded preview", p.decodedPreview());
            out.println();
        }
        out.flush();
    }

    private static void section(PrintWriter out, String title) {
        out.println();
        out.println("## " + title);
        out.println();
    }

    private static void row(PrintWriter out, String... cells) {
        out.println("| " + String.join(" | ", cells) + " |");
    }

    private static void groups(PrintWriter out, List<GroupView> groups, String key, String origin, boolean callSite) {
        out.println("| " + key + (callSite ? "" : " | Package URL | Evidence") + " | " + origin + " | Attempts | Destinations |");
        out.println(callSite ? "|---|---|---:|---|" : "|---|---|---|---|---:|---|");
        for (GroupView g : groups) {
            String k = callSite ? g.group().key() : Words.dependency(g.group().key(), g.group().origin());
            String o = callSite ? Cells.shortOrigin(g.group().origin()) : g.group().origin();
            List<String> parts = new ArrayList<>();
            for (GroupDestination d : g.destinations()) {
                parts.add(md(d.destination()) + " (" + d.attempts() + ")");
            }
            String first = callSite ? md(k) : md(k) + " | " + md(Words.purl(g.group())) + " | " + md(Words.orDash(g.group().evidence()));
            row(out, first, md(Words.orDash(o)), Long.toString(g.group().attempts()),
                    g.group().destinationCount() + ": " + String.join(", ", parts)
                            + (g.group().destinationCount() > g.destinations().size() ? ", …" : ""));
        }
    }

    private static void node(PrintWriter out, StackTree.Node node, String indent) {
        List<String> frames = new ArrayList<>();
        for (String frame : node.frames()) {
            frames.add(md(frame));
        }
        out.println(indent + "- **" + node.attempts() + "** " + String.join("<br>", frames));
        for (StackTree.Node child : node.children()) {
            node(out, child, indent + "  ");
        }
    }

    private static void fenced(PrintWriter out, String title, String text) {
        if (text == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            lines.add(Printable.escape(line));
        }
        String escaped = String.join("\n", lines);
        int longest = 0;
        int run = 0;
        for (char c : escaped.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        out.println();
        out.println(title + ":");
        out.println();
        out.println(fence + "text");
        out.println(escaped);
        out.println(fence);
    }

    /** Control characters as \xNN, then HTML and Markdown specials neutralised; one line. */
    static String md(String value) {
        String printable = Printable.escape(value);
        StringBuilder b = new StringBuilder(printable.length() + 8);
        for (char c : printable.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '~' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
