package io.egressguard.collector.report.forensic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressguard.collector.report.Cells;
import io.egressguard.collector.report.SafeJson;
import io.egressguard.collector.report.forensic.ForensicReport.GroupView;
import io.egressguard.collector.report.forensic.ForensicReport.Overview;
import io.egressguard.collector.report.forensic.ForensicReport.PayloadView;
import io.egressguard.collector.report.forensic.ForensicReport.Scope;
import io.egressguard.collector.store.ReportRows.Bucket;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.Summary;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;

/**
 * The report as one JSON document, schema {@value #SCHEMA}: see docs/report.md and
 * collector/src/main/resources/io/egressguard/collector/report/report.schema.json. Field names and
 * meanings stay within a schema version; new optional fields may appear. Times are ISO-8601 UTC with
 * the events' full precision. Control and bidi characters are \\u escapes, so the output is also safe on a terminal.
 */
public final class JsonReport implements ReportRenderer {
    public static final String SCHEMA = "egressguard-report/1";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public void write(ForensicReport r, PrintWriter out) {
        out.println(SafeJson.write(tree(r), true));
        out.flush();
    }

    static ObjectNode tree(ForensicReport r) {
        ObjectNode root = F.objectNode();
        root.put("schema", SCHEMA);
        root.put("generatedAt", r.scope().generatedAt().toString());
        root.set("scope", scope(r.scope()));
        root.set("summary", summary(r.overview()));
        ArrayNode destinations = root.putArray("destinations");
        for (DestinationTotal d : r.destinations()) {
            ObjectNode n = destinations.addObject();
            n.put("host", d.host());
            n.put("port", d.port());
            n.put("vendor", d.vendor());
            n.put("attempts", d.attempts());
            n.put("blocked", d.blocked());
            n.put("monitored", d.monitored());
            n.put("allowed", d.allowed());
            n.put("firstSeen", Cells.timeIso(d.firstNanos()));
            n.put("lastSeen", Cells.timeIso(d.lastNanos()));
            n.put("payloadBytes", d.payloadBytes());
            ArrayNode apis = n.putArray("apis");
            if (d.apis() != null && !d.apis().isEmpty()) {
                new TreeSet<>(List.of(d.apis().split(","))).forEach(apis::add);
            }
        }
        ArrayNode callSites = root.putArray("callSites");
        for (GroupView g : r.callSites()) {
            ObjectNode n = callSites.addObject();
            n.put("frame", g.group().key());
            n.put("origin", emptyToNull(g.group().origin()));
            group(n, g);
        }
        ObjectNode stacks = root.putObject("stacks");
        stacks.put("distinct", r.stacks().distinct());
        ArrayNode tree = stacks.putArray("tree");
        r.stacks().roots().forEach(node -> tree.add(node(node)));
        ArrayNode dependencies = root.putArray("dependencies");
        for (GroupView g : r.dependencies()) {
            ObjectNode n = dependencies.addObject();
            n.put("gav", emptyToNull(g.group().key()));
            n.put("purl", Words.purlOrNull(g.group()));
            n.put("evidence", g.group().evidence());
            n.put("jar", emptyToNull(g.group().origin()));
            group(n, g);
        }
        ObjectNode timeline = root.putObject("timeline");
        timeline.put("unit", r.timeline().unit());
        timeline.put("bucketSeconds", r.timeline().bucketNanos() / 1_000_000_000L);
        ArrayNode buckets = timeline.putArray("buckets");
        for (Bucket b : r.timeline().buckets()) {
            ObjectNode n = buckets.addObject();
            n.put("start", Cells.timeIso(b.startNanos()));
            n.put("attempts", b.attempts());
            n.put("blocked", b.blocked());
            n.put("monitored", b.monitored());
            n.put("allowed", b.allowed());
        }
        ArrayNode payloads = root.putArray("largestPayloads");
        for (PayloadView p : r.payloads()) {
            ObjectNode n = payloads.addObject();
            n.put("id", p.event().id());
            n.put("time", Cells.timeIso(p.event().timeNanos()));
            n.put("size", p.event().size());
            n.put("destination", p.event().destination());
            n.put("action", p.event().action());
            n.put("frame", p.event().frame());
            n.put("origin", emptyToNull(p.event().origin()));
            n.put("contentType", p.contentType());
            n.put("contentEncoding", p.contentEncoding());
            n.put("truncated", p.truncated());
            n.put("sha256", p.sha256());
            n.put("previewEncoding", p.previewEncoding());
            n.put("preview", p.preview());
            n.put("decodedPreview", p.decodedPreview());
        }
        return root;
    }

    private static ObjectNode scope(Scope s) {
        ObjectNode n = F.objectNode();
        n.put("store", s.store());
        n.put("since", s.sinceNanos() == null ? null : Cells.timeIso(s.sinceNanos()));
        n.put("until", s.untilNanos() == null ? null : Cells.timeIso(s.untilNanos()));
        n.put("host", s.host());
        n.put("jvm", s.jvm());
        n.put("action", s.action());
        n.put("limit", s.limit());
        return n;
    }

    private static ObjectNode summary(Overview o) {
        Summary s = o.summary();
        ObjectNode n = F.objectNode();
        n.put("records", s.records());
        n.put("attempts", s.attempts());
        n.put("blocked", s.blocked());
        n.put("monitored", s.monitored());
        n.put("allowed", s.allowed());
        n.put("dropped", s.dropped());
        n.put("firstSeen", s.firstNanos() == null ? null : Cells.timeIso(s.firstNanos()));
        n.put("lastSeen", s.lastNanos() == null ? null : Cells.timeIso(s.lastNanos()));
        n.put("jvmCount", s.jvms());
        n.put("destinations", s.destinations());
        n.put("payloadBytes", o.payloadBytes());
        ObjectNode severity = n.putObject("bySeverity");
        o.bySeverity().forEach(severity::put);
        ArrayNode jvms = n.putArray("jvms");
        for (Jvm j : o.jvms()) {
            ObjectNode jvm = jvms.addObject();
            jvm.put("journal", j.journal());
            jvm.put("pid", j.pid());
            jvm.put("host", j.host());
            jvm.put("mainClass", j.mainClass());
            jvm.put("attempts", j.attempts());
            jvm.put("firstSeen", Cells.timeIso(j.firstNanos()));
            jvm.put("lastSeen", Cells.timeIso(j.lastNanos()));
        }
        return n;
    }

    private static void group(ObjectNode n, GroupView g) {
        n.put("attempts", g.group().attempts());
        n.put("destinationCount", g.group().destinationCount());
        ArrayNode destinations = n.putArray("destinations");
        for (GroupDestination d : g.destinations()) {
            ObjectNode dn = destinations.addObject();
            dn.put("destination", d.destination());
            dn.put("attempts", d.attempts());
        }
    }

    private static ObjectNode node(StackTree.Node node) {
        ObjectNode n = F.objectNode();
        ArrayNode frames = n.putArray("frames");
        node.frames().forEach(frames::add);
        n.put("attempts", node.attempts());
        ArrayNode children = n.putArray("children");
        node.children().forEach(child -> children.add(node(child)));
        return n;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
