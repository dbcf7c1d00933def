package io.egressguard.collector.report;

import io.egressguard.event.Event;
import java.io.PrintWriter;
import java.util.List;

/**
 * Events as RFC 4180 CSV: a header row, CRLF line ends, a cell quoted when it holds a comma or
 * quote, quotes doubled. One record is one line: a CR or LF inside a value is escaped ({@code \x0d},
 * {@code \x0a}) like the other control characters, so {@code grep}, {@code wc -l} and line-based
 * tools see one event per line. Two defences for spreadsheets and terminals: a text cell starting
 * with {@code = + - @}, tab or CR gets a leading single quote so it is never read as a formula, and
 * control characters other than tab, and bidirectional overrides, are escaped as
 * {@link Printable} does. Numbers are written by us and never prefixed; an unknown one is empty.
 */
public final class CsvEvents {
    public static final List<String> COLUMNS = List.of("id", "time", "action", "rule", "severity", "vendor", "api", "host",
            "port", "ip", "culprit_frame", "culprit_gav_or_jar", "thread", "jvm_pid", "jvm_host", "count", "payload_size");

    private final PrintWriter out;

    public CsvEvents(PrintWriter out) {
        this.out = out;
    }

    public void header() {
        StringBuilder b = new StringBuilder();
        for (String column : COLUMNS) {
            b.append(b.length() == 0 ? "" : ",").append(column);
        }
        out.print(b.append("\r\n"));
    }

    public void row(Event e) {
        StringBuilder b = new StringBuilder(256);
        text(b, e.id);
        text(b.append(','), Cells.timeIso(e.time));
        text(b.append(','), e.action == null ? null : e.action.wireName());
        text(b.append(','), e.rule);
        text(b.append(','), e.severity == null ? null : e.severity.wireName());
        text(b.append(','), e.vendor);
        text(b.append(','), e.api);
        text(b.append(','), e.host);
        b.append(',').append(e.port >= 0 ? Integer.toString(e.port) : "");
        text(b.append(','), e.ip);
        text(b.append(','), e.culprit == null ? null : e.culprit.frame);
        text(b.append(','), e.culprit == null ? null : e.culprit.gav != null ? e.culprit.gav : e.culprit.jar);
        text(b.append(','), e.thread);
        b.append(',').append(e.jvm == null ? "" : Long.toString(e.jvm.pid));
        text(b.append(','), e.jvm == null ? null : e.jvm.hostname);
        b.append(',').append(e.count);
        b.append(',').append(e.payload == null || e.payload.size < 0 ? "" : Long.toString(e.payload.size));
        out.print(b.append("\r\n"));
    }

    private static void text(StringBuilder b, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        String cell = defused(value);
        if (needsQuotes(cell)) {
            b.append('"').append(cell.replace("\"", "\"\"")).append('"');
        } else {
            b.append(cell);
        }
    }

    static String defused(String value) {
        StringBuilder b = new StringBuilder(value.length() + 1);
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            b.append('\'');
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' || c == '\\') {
                b.append(c); // kept: CSV quoting carries a tab, and a backslash is data here
            } else {
                b.append(Printable.escape(String.valueOf(c)));
            }
        }
        return b.toString();
    }

    private static boolean needsQuotes(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
