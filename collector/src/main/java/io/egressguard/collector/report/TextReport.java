package io.egressguard.collector.report;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.ReportRows.Culprit;
import io.egressguard.collector.store.ReportRows.Destination;
import io.egressguard.collector.store.ReportRows.Summary;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The first plain-text report: summary, attempts by destination, attempts by culprit. */
public final class TextReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_DESTINATIONS_LISTED = 5;

    private final EventStore store;
    private final int limit;

    public TextReport(EventStore store, int limit) {
        this.store = store;
        this.limit = limit;
    }

    public void write(EventFilter filter, PrintWriter out) {
        Summary s = store.summary(filter);
        out.println("Summary");
        if (s.records() == 0) {
            out.println("  no events");
            out.flush();
            return;
        }
        out.printf("  time range    %s .. %s%n", time(s.firstNanos()), time(s.lastNanos()));
        out.printf("  JVMs          %d%n", s.jvms());
        out.printf("  attempts      %d (blocked %d, monitored %d, allowed %d) in %d records%n",
                s.attempts(), s.blocked(), s.monitored(), s.allowed(), s.records());
        out.printf("  destinations  %d%n", s.destinations());
        if (s.dropped() > 0) {
            out.printf("  dropped       %d (the agent could not journal these)%n", s.dropped());
        }

        List<Destination> destinations = store.byDestination(filter, limit);
        out.println();
        out.println("By destination");
        Table t = new Table("DESTINATION", "VENDOR", "ATTEMPTS", "FIRST SEEN", "LAST SEEN", "ACTION", "API");
        for (Destination d : destinations) {
            t.row(escape(d.host()) + (d.port() >= 0 ? ":" + d.port() : ""), escape(d.vendor()), Long.toString(d.attempts()),
                    time(d.firstNanos()), time(d.lastNanos()), escape(d.action()), escape(d.apis()));
        }
        t.print(out);
        truncated(out, destinations.size());

        List<Culprit> culprits = store.byCulprit(filter, limit);
        out.println();
        out.println("By culprit");
        t = new Table("FRAME", "JAR OR GAV", "ATTEMPTS", "DESTINATIONS");
        for (Culprit c : culprits) {
            t.row(escape(c.frame()), escape(shortOrigin(c.origin())), Long.toString(c.attempts()),
                    c.destinationCount() + ": " + listed(c.destinations(), c.destinationCount()));
        }
        t.print(out);
        truncated(out, culprits.size());
        out.flush();
    }

    private void truncated(PrintWriter out, int rows) {
        if (rows == limit) {
            out.printf("  (first %d rows; use --limit for more)%n", limit);
        }
    }

    /** A jar path is shown by its file name; a gav as is. */
    private static String shortOrigin(String origin) {
        return Cells.orDash(Cells.shortOrigin(origin));
    }

    private static String listed(String destinations, long count) {
        if (destinations == null) {
            return "";
        }
        String[] parts = destinations.split(",", MAX_DESTINATIONS_LISTED + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(parts.length, MAX_DESTINATIONS_LISTED); i++) {
            out.append(i == 0 ? "" : ", ").append(escape(parts[i]));
        }
        if (count > MAX_DESTINATIONS_LISTED) {
            out.append(", ...");
        }
        return out.toString();
    }

    static String time(Long nanos) {
        if (nanos == null) {
            return "-";
        }
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    /** Left-aligned columns sized to their widest cell; numbers are right-aligned. */
    private static final class Table {
        private final String[] header;
        private final List<String[]> rows = new java.util.ArrayList<>();

        Table(String... header) {
            this.header = header;
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out) {
            int[] width = new int[header.length];
            boolean[] numeric = new boolean[header.length];
            for (int i = 0; i < header.length; i++) {
                width[i] = header[i].length();
                numeric[i] = header[i].equals("ATTEMPTS");
            }
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            line(out, header, width, numeric);
            for (String[] row : rows) {
                line(out, row, width, numeric);
            }
        }

        private static void line(PrintWriter out, String[] cells, int[] width, boolean[] numeric) {
            StringBuilder b = new StringBuilder("  ");
            for (int i = 0; i < cells.length; i++) {
                boolean last = i == cells.length - 1;
                String cell = cells[i];
                String pad = " ".repeat(width[i] - cell.length());
                b.append(numeric[i] ? pad + cell : last ? cell : cell + pad);
                if (!last) {
                    b.append("  ");
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
