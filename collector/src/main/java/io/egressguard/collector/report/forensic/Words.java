package io.egressguard.collector.report.forensic;

import io.egressguard.collector.report.Cells;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.Group;
import io.egressguard.collector.store.ReportRows.Summary;
import io.egressguard.event.MavenPurl;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Wording shared by the human-readable formats (text, markdown, html). Nothing here is escaped. */
final class Words {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Words() {
    }

    static String time(Long nanos) {
        return nanos == null ? "-" : SECONDS.format(Cells.instant(nanos));
    }

    /** To the minute, for table cells on a terminal (the JSON report has full precision). */
    static String minute(long nanos) {
        return MINUTES.format(Cells.instant(nanos));
    }

    static String bucket(long nanos, String unit) {
        return ("day".equals(unit) ? DAYS : MINUTES).format(Cells.instant(nanos));
    }

    static String range(Summary s) {
        return time(s.firstNanos()) + " .. " + time(s.lastNanos());
    }

    /** "13 (blocked 10, monitored 2, allowed 1) in 6 records" */
    static String attempts(Summary s) {
        return s.attempts() + " (blocked " + s.blocked() + ", monitored " + s.monitored() + ", allowed " + s.allowed() + ") in "
                + s.records() + (s.records() == 1 ? " record" : " records");
    }

    /** "critical 3, high 10" (only severities seen; "none" when nothing had one). */
    static String severities(Map<String, Long> bySeverity) {
        List<String> parts = new ArrayList<>();
        bySeverity.forEach((severity, n) -> {
            if (n > 0) {
                parts.add(severity + " " + n);
            }
        });
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** The actions of a destination: "blocked 9" or "blocked 5, allowed 1". */
    static String actions(DestinationTotal d) {
        List<String> parts = new ArrayList<>();
        if (d.blocked() > 0) {
            parts.add("blocked " + d.blocked());
        }
        if (d.monitored() > 0) {
            parts.add("monitored " + d.monitored());
        }
        if (d.allowed() > 0) {
            parts.add("allowed " + d.allowed());
        }
        return String.join(", ", parts);
    }

    static String destination(DestinationTotal d) {
        return d.port() >= 0 ? d.host() + ":" + d.port() : d.host();
    }

    /** Bytes for a person: "512 B", "12.3 KiB", "4.0 MiB". */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A comma-joined list from the store as a sorted, de-duplicated, comma-and-space list. */
    static String list(String joined) {
        if (joined == null || joined.isEmpty()) {
            return "";
        }
        return String.join(", ", new java.util.TreeSet<>(List.of(joined.split(","))));
    }

    static String orDash(String value) {
        return Cells.orDash(value);
    }

    /** A dependency's package URL (see {@link #purlOrNull}); "-" when it has no coordinates. */
    static String purl(Group dependency) {
        String purl = purlOrNull(dependency);
        return purl == null ? "-" : purl;
    }

    /**
     * The package URL its events recorded, else one made from its gav (events stored before schema
     * v8 have no purl column: a classifier their records had is then not shown); null without coordinates.
     */
    static String purlOrNull(Group dependency) {
        String gav = dependency.key();
        return dependency.purl() != null ? dependency.purl() : MavenPurl.ofGav(gav == null || gav.isEmpty() ? null : gav);
    }

    /** A dependency's name: its Maven coordinates, else its jar's file name, else "(unknown)". */
    static String dependency(String gav, String jar) {
        if (gav != null && !gav.isEmpty()) {
            return gav;
        }
        String shortJar = Cells.shortOrigin(jar);
        return shortJar == null ? "(unknown)" : shortJar;
    }
}
