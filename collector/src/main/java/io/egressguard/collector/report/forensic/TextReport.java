package io.egressguard.collector.report.forensic;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.report.Cells;
import io.egressguard.collector.report.forensic.ForensicReport.GroupView;
import io.egressguard.collector.report.forensic.ForensicReport.Overview;
import io.egressguard.collector.report.forensic.ForensicReport.PayloadView;
import io.egressguard.collector.report.forensic.ForensicReport.Timeline;
import io.egressguard.collector.store.ReportRows.Bucket;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.PayloadEvent;
import io.egressguard.collector.store.ReportRows.Summary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The report for a terminal: every line fits {@code width} (cut with an ellipsis), and every value
 * from an event is escaped so that control characters and bidi overrides are shown, not obeyed.
 */
public final class TextReport implements ReportRenderer {
    private final int width;

    public TextReport(int width) {
        this.width = Math.max(40, width);
    }

    @Override
    public void write(ForensicReport r, PrintWriter out) {
        Overview o = r.overview();
        Summary s = o.summary();
        out.println("Summary");
        if (o.empty()) {
            out.println("  no events");
            out.flush();
            return;
        }
        field(out, "time range", Words.range(s));
        field(out, "JVMs", Long.toString(s.jvms()));
        field(out, "attempts", Words.attempts(s));
        field(out, "severity", Words.severities(o.bySeverity()));
        field(out, "destinations", Long.toString(s.destinations()));
        field(out, "payload bytes", o.payloadBytes() + (o.payloadBytes() >= 1024 ? " (" + Words.bytes(o.payloadBytes()) + ")" : "")
                + " in recorded payloads");
        if (s.dropped() > 0) {
            field(out, "dropped", s.dropped() + " (the agent could not journal these)");
        }

        heading(out, "JVMs");
        FitTable jvms = new FitTable("JOURNAL", "PID", "HOST", "MAIN CLASS", "ATTEMPTS#", "FIRST SEEN=", "LAST SEEN=");
        for (Jvm j : o.jvms()) {
            jvms.row(escape(j.journal()), j.pid() == null ? "-" : j.pid().toString(), escape(Words.orDash(j.host())),
                    escape(Words.orDash(j.mainClass())), Long.toString(j.attempts()), Words.minute(j.firstNanos()), Words.minute(j.lastNanos()));
        }
        jvms.print(out, width);
        truncated(out, r, o.jvms().size());

        heading(out, "By destination");
        FitTable destinations = new FitTable("DESTINATION", "VENDOR", "ATTEMPTS#", "ACTIONS", "FIRST SEEN=", "LAST SEEN=", "BYTES#", "API");
        for (DestinationTotal d : r.destinations()) {
            destinations.row(escape(Words.destination(d)), escape(Words.orDash(d.vendor())), Long.toString(d.attempts()),
                    Words.actions(d), Words.minute(d.firstNanos()), Words.minute(d.lastNanos()), Long.toString(d.payloadBytes()),
                    escape(Words.list(d.apis())));
        }
        destinations.print(out, width);
        truncated(out, r, r.destinations().size());

        heading(out, "By call site");
        groups(out, r, r.callSites(), "CALL SITE", "ORIGIN", true);
        stacks(out, r.stacks());

        heading(out, "By dependency");
        groups(out, r, r.dependencies(), "DEPENDENCY", "JAR", false);

        timeline(out, r.timeline());
        payloads(out, r.payloads());
        out.flush();
    }

    private void field(PrintWriter out, String name, String value) {
        out.println(Cells.cut("  " + name + " ".repeat(Math.max(1, 14 - name.length())) + value, width));
    }

    private void heading(PrintWriter out, String title) {
        out.println();
        out.println(Cells.cut(title, width));
    }

    private static void truncated(PrintWriter out, ForensicReport r, int rows) {
        if (rows == r.scope().limit()) {
            out.printf("  (first %d rows; use --limit for more)%n", rows);
        }
    }

    private void groups(PrintWriter out, ForensicReport r, List<GroupView> groups, String keyHeader, String originHeader,
                        boolean callSite) {
        FitTable t = callSite ? new FitTable(keyHeader, originHeader, "ATTEMPTS#", "DESTINATIONS")
                : new FitTable(keyHeader, "PURL", "EVIDENCE", originHeader, "ATTEMPTS#", "DESTINATIONS");
        for (GroupView g : groups) {
            String key = callSite ? g.group().key() : Words.dependency(g.group().key(), g.group().origin());
            String origin = callSite ? Cells.shortOrigin(g.group().origin()) : g.group().origin();
            if (callSite) {
                t.row(escape(key), escape(Words.orDash(origin)), Long.toString(g.group().attempts()),
                        destinations(g.destinations(), g.group().destinationCount()));
            } else {
                t.row(escape(key), escape(Words.purl(g.group())), escape(Words.orDash(g.group().evidence())), escape(Words.orDash(origin)),
                        Long.toString(g.group().attempts()),
                        destinations(g.destinations(), g.group().destinationCount()));
            }
        }
        t.print(out, width);
        truncated(out, r, groups.size());
    }

    /** "2: a.example:443 (9), b.example:443 (1)" with an ellipsis when more destinations than listed. */
    static String destinations(List<GroupDestination> listed, long count) {
        List<String> parts = new ArrayList<>();
        for (GroupDestination d : listed) {
            parts.add(escape(d.destination()) + " (" + d.attempts() + ")");
        }
        return count + ": " + String.join(", ", parts) + (count > listed.size() ? ", ..." : "");
    }

    private void stacks(PrintWriter out, StackTree tree) {
        heading(out, "Code paths (" + tree.distinct() + " distinct " + (tree.distinct() == 1 ? "stack" : "stacks")
                + ", merged on their outermost frames; [attempts])");
        for (StackTree.Node root : tree.roots()) {
            node(out, root, "  ");
        }
    }

    private void node(PrintWriter out, StackTree.Node node, String indent) {
        String count = "[" + node.attempts() + "] ";
        String pad = " ".repeat(count.length());
        for (int i = 0; i < node.frames().size(); i++) {
            out.println(Cells.cut(indent + (i == 0 ? count : pad) + escape(node.frames().get(i)), width));
        }
        for (StackTree.Node child : node.children()) {
            node(out, child, indent + pad);
        }
    }

    private void timeline(PrintWriter out, Timeline t) {
        heading(out, "Timeline (attempts per " + t.unit() + ", UTC)");
        long peak = t.peak();
        int label = "day".equals(t.unit()) ? 10 : 17;
        int digits = Long.toString(peak).length();
        int barWidth = Math.max(10, width - 2 - label - 2 - digits - 2);
        for (Bucket b : t.buckets()) {
            int bar = peak == 0 ? 0 : (int) Math.max(1, Math.round((double) b.attempts() * barWidth / peak));
            out.println("  " + Words.bucket(b.startNanos(), t.unit()) + "  "
                    + " ".repeat(digits - Long.toString(b.attempts()).length()) + b.attempts() + "  " + "#".repeat(bar));
        }
    }

    private void payloads(PrintWriter out, List<PayloadView> payloads) {
        heading(out, "Largest payloads");
        if (payloads.isEmpty()) {
            out.println("  none recorded");
            return;
        }
        int n = 0;
        for (PayloadView p : payloads) {
            PayloadEvent e = p.event();
            out.println(Cells.cut("  " + (++n) + ". " + e.size() + " bytes (" + Words.bytes(e.size()) + ") to "
                    + escape(e.destination()) + ", " + escape(Words.orDash(e.action())) + ", " + Words.time(e.timeNanos())
                    + ", event " + escape(e.id()), width));
            out.println(Cells.cut("     culprit " + escape(Words.orDash(e.frame()))
                    + (e.origin() == null || e.origin().isEmpty() ? "" : " [" + escape(Cells.shortOrigin(e.origin())) + "]"), width));
            List<String> facts = new ArrayList<>();
            if (p.contentType() != null) {
                facts.add("type " + escape(p.contentType()));
            }
            if (p.contentEncoding() != null) {
                facts.add("encoding " + escape(p.contentEncoding()));
            }
            if (p.truncated()) {
                facts.add("preview truncated");
            }
            if (!facts.isEmpty()) {
                out.println(Cells.cut("     " + String.join(", ", facts), width));
            }
            block(out, "preview" + ("base64".equalsIgnoreCase(p.previewEncoding()) ? " (binary, hex)" : ""), p.preview());
            block(out, "decoded preview", p.decodedPreview());
        }
    }

    private void block(PrintWriter out, String title, String text) {
        if (text == null) {
            return;
        }
        out.println("     " + title);
        for (String line : text.split("\n", -1)) {
            out.println(Cells.cut("       " + escape(line), width));
        }
    }
}
