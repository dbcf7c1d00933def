package io.egressguard.collector.report.forensic;

import io.egressguard.collector.store.ReportRows.Bucket;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.Group;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.PayloadEvent;
import io.egressguard.collector.store.ReportRows.Summary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a forensic report shows, already aggregated: what every format renders. Values are raw
 * (as the events carry them); each renderer escapes for its own medium.
 */
public record ForensicReport(Scope scope, Overview overview, List<DestinationTotal> destinations, List<GroupView> callSites,
                             StackTree stacks, List<GroupView> dependencies, Timeline timeline, List<PayloadView> payloads) {

    /** What the report covers: the filter as given, the store and the row limit per section. */
    public record Scope(Instant generatedAt, String store, Long sinceNanos, Long untilNanos, String host, String jvm,
                        String action, int limit) {
    }

    /**
     * @param bySeverity attempts per severity, critical first; "none" for rules that set no severity
     * @param payloadBytes the sum of recorded payload sizes: the bytes that tried to leave, where known
     */
    public record Overview(Summary summary, Map<String, Long> bySeverity, long payloadBytes, List<Jvm> jvms) {
        public boolean empty() {
            return summary.records() == 0;
        }
    }

    /** A call site or dependency with its destinations that had most attempts. */
    public record GroupView(Group group, List<GroupDestination> destinations) {
    }

    /** Attempts per {@code unit} ("minute", "hour" or "day"); buckets with no attempts are left out. */
    public record Timeline(String unit, long bucketNanos, List<Bucket> buckets) {
        public long peak() {
            long peak = 0;
            for (Bucket b : buckets) {
                peak = Math.max(peak, b.attempts());
            }
            return peak;
        }
    }

    /**
     * One of the largest payloads. {@code preview} is readable text: the payload's text preview, or a
     * hex dump when it is binary; {@code decodedPreview} is the decompressed text when the body was compressed.
     */
    public record PayloadView(PayloadEvent event, String contentType, String contentEncoding, boolean truncated,
                              String sha256, String previewEncoding, String preview, String decodedPreview) {
    }
}
