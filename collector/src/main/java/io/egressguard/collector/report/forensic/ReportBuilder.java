package io.egressguard.collector.report.forensic;

import io.egressguard.collector.report.HexDump;
import io.egressguard.collector.report.forensic.ForensicReport.GroupView;
import io.egressguard.collector.report.forensic.ForensicReport.Overview;
import io.egressguard.collector.report.forensic.ForensicReport.PayloadView;
import io.egressguard.collector.report.forensic.ForensicReport.Scope;
import io.egressguard.collector.report.forensic.ForensicReport.Timeline;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.ReportQueries;
import io.egressguard.collector.store.ReportRows.Group;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.PayloadEvent;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.Groups;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.Ranked;
import io.egressguard.collector.store.ReportRows.Totals;
import io.egressguard.collector.store.ReportRows.StackTotals;
import io.egressguard.collector.store.ReportRows.Summary;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Payload;
import io.egressguard.event.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the store for each section's aggregates and assembles a {@link ForensicReport}. Only the few
 * largest-payload events are read whole (by id), for their previews.
 */
public final class ReportBuilder {
    /** Ranges shorter than this get a per-minute timeline, as the issue asks; up to {@link #HOURLY_UP_TO} per hour. */
    static final long MINUTELY_UNDER = 3 * 3_600_000_000_000L;
    static final long HOURLY_UP_TO = 14 * 86_400_000_000_000L;
    static final int DESTINATIONS_PER_GROUP = 5;
    static final int PAYLOADS = 10;
    static final int PREVIEW_CHARS = 4096;

    private final EventStore store;
    private final int limit;

    public ReportBuilder(EventStore store, int limit) {
        this.store = store;
        this.limit = limit;
    }

    public ForensicReport build(EventFilter filter, Scope scope) {
        ReportQueries q = store.reportQueries(); // a write-only store says so here, in one line
        Totals totals = timed("totals", () -> q.totals(filter));
        if (totals.records() == 0) {
            Summary none = new Summary(0, null, null, 0, 0, 0, 0, 0, 0);
            return new ForensicReport(scope, new Overview(none, totals.bySeverity(), 0, List.of()), List.of(), List.of(),
                    new StackTree(0, List.of()), List.of(), new Timeline("hour", 3_600_000_000_000L, List.of()), List.of());
        }
        Ranked<Jvm> jvms = timed("jvms", () -> q.jvms(filter, limit));
        Ranked<DestinationTotal> destinations = timed("destinations", () -> q.destinations(filter, limit));
        Summary summary = new Summary(totals.records(), totals.firstNanos(), totals.lastNanos(), jvms.total(), totals.blocked(),
                totals.monitored(), totals.allowed(), destinations.total(), totals.dropped());
        Overview overview = new Overview(summary, totals.bySeverity(), totals.payloadBytes(), jvms.rows());
        Groups callSites = timed("call sites", () -> q.callSites(filter, limit, DESTINATIONS_PER_GROUP));
        StackTotals stacks = timed("stacks", () -> q.stacks(filter, limit));
        Groups dependencies = timed("dependencies", () -> q.dependencies(filter, limit, DESTINATIONS_PER_GROUP));
        Timeline timeline = timed("timeline", () -> timeline(q, filter, summary));
        List<PayloadView> payloads = timed("payloads", () -> payloads(q, filter));
        return new ForensicReport(scope, overview, destinations.rows(), views(callSites), StackTree.of(stacks.top(), stacks.distinct()),
                views(dependencies), timeline, payloads);
    }

    /** With -Degressguard.report.timing=true, each section's query time on stderr (for bench/report.sh). */
    private static <T> T timed(String section, java.util.function.Supplier<T> query) {
        if (!Boolean.getBoolean("egressguard.report.timing")) {
            return query.get();
        }
        long t = System.nanoTime();
        T result = query.get();
        System.err.printf("  %-13s %6d ms%n", section, (System.nanoTime() - t) / 1_000_000);
        return result;
    }

    private static List<GroupView> views(Groups groups) {
        Map<List<String>, List<GroupDestination>> byGroup = new HashMap<>();
        for (GroupDestination d : groups.destinations()) {
            byGroup.computeIfAbsent(List.of(d.key(), d.origin()), k -> new ArrayList<>()).add(d);
        }
        List<GroupView> out = new ArrayList<>();
        for (Group g : groups.groups()) {
            out.add(new GroupView(g, List.copyOf(byGroup.getOrDefault(List.of(g.key(), g.origin()), List.of()))));
        }
        return out;
    }

    private static Timeline timeline(ReportQueries q, EventFilter filter, Summary summary) {
        long first = summary.firstNanos();
        long span = summary.lastNanos() - first;
        String unit = span < MINUTELY_UNDER ? "minute" : span <= HOURLY_UP_TO ? "hour" : "day";
        long bucket = switch (unit) {
            case "minute" -> 60_000_000_000L;
            case "hour" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        long origin = Math.floorDiv(first, bucket) * bucket; // buckets start on whole minutes/hours/days (UTC)
        if (unit.equals("minute")) {
            // Minutes come from the events themselves: bound them by the range the totals found, so a
            // store reads those few hours by time, whatever else the filter leaves open.
            long since = filter.sinceNanos() == null ? first : Math.max(filter.sinceNanos(), first);
            long until = filter.untilNanos() == null ? summary.lastNanos() + 1 : Math.min(filter.untilNanos(), summary.lastNanos() + 1);
            filter = new EventFilter(since, until, filter.hostGlob(), filter.action(), filter.jvmPid(), filter.jvmHost());
        }
        return new Timeline(unit, bucket, q.timeline(filter, origin, bucket));
    }

    private List<PayloadView> payloads(ReportQueries q, EventFilter filter) {
        List<PayloadView> out = new ArrayList<>();
        for (PayloadEvent row : q.largestPayloads(filter, Math.min(limit, PAYLOADS))) {
            Payload p = store.eventJson(row.id()).map(ReportBuilder::decode).map(e -> e.payload).orElse(null);
            if (p == null) {
                out.add(new PayloadView(row, null, null, false, null, null, null, null));
                continue;
            }
            out.add(new PayloadView(row, p.contentType, p.contentEncoding, p.truncated, p.sha256, p.previewEncoding,
                    readable(p), p.decodedPreview == null ? null : cut(p.decodedPreview)));
        }
        return out;
    }

    private static Event decode(String json) {
        try {
            return EventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (CorruptEventException e) {
            return null;
        }
    }

    /** Text as is; a base64 (binary) preview as a hex dump of its bytes. Cut to {@link #PREVIEW_CHARS}. */
    static String readable(Payload p) {
        if (p.preview == null) {
            return null;
        }
        if (!"base64".equalsIgnoreCase(p.previewEncoding)) {
            return cut(p.preview);
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(p.preview);
            return cut(String.join("\n", HexDump.lines(bytes)));
        } catch (IllegalArgumentException e) {
            return cut(p.preview);
        }
    }

    private static String cut(String text) {
        return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "\u2026";
    }

    /** For {@code --fail-on}: attempts whose severity is {@code threshold} or more severe. */
    public static long attemptsAtOrAbove(ForensicReport report, Severity threshold) {
        return attemptsAtOrAbove(report.overview().bySeverity(), threshold);
    }

    /** As {@link #attemptsAtOrAbove(ForensicReport, Severity)}, over attempts per severity's wire name. */
    public static long attemptsAtOrAbove(Map<String, Long> bySeverity, Severity threshold) {
        long n = 0;
        for (Severity s : Severity.values()) {
            if (s.ordinal() <= threshold.ordinal()) {
                n += bySeverity.getOrDefault(s.wireName(), 0L);
            }
        }
        return n;
    }
}
