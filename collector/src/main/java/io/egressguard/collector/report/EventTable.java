package io.egressguard.collector.report;

import static io.egressguard.collector.report.Cells.orDash;
import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.event.Event;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Events as aligned columns no wider than the terminal. Rows are collected first so each column
 * gets the width its widest cell needs. When that is too wide, the least useful columns are left out
 * (API, then JVM, then ORIGIN) while even their minimum widths cannot fit, and then the widest text
 * column gives up a character at a time (its cells end in an ellipsis) until the line fits. Time,
 * action and count are never narrowed; on a terminal too narrow even for them, lines end in an ellipsis.
 */
public final class EventTable {
    public static final int DEFAULT_WIDTH = 120;
    private static final String[] HEADER = {"TIME", "ACTION", "API", "DESTINATION", "CULPRIT", "ORIGIN", "JVM", "COUNT"};
    private static final int API = 2;
    private static final int ORIGIN = 5;
    private static final int JVM = 6;
    private static final int COUNT = 7;
    /** The narrowest a text column is made; 0 for the columns that keep their natural width. */
    private static final int[] MIN_WIDTH = {0, 0, 6, 16, 16, 10, 8, 0};
    private static final int[] LEFT_OUT_FIRST = {API, JVM, ORIGIN};
    private static final String GAP = "  ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final int width;
    private final List<String[]> rows = new ArrayList<>();

    public EventTable(int width) {
        this.width = width;
    }

    public void add(Event e) {
        rows.add(new String[] {
            TIME.format(Cells.instant(e.time)),
            escape(orDash(e.action == null ? null : e.action.wireName())),
            escape(orDash(e.api)),
            escape(Cells.destination(e)),
            escape(orDash(e.culprit == null ? null : e.culprit.frame)),
            escape(orDash(Cells.origin(e.culprit))),
            e.jvm == null ? "-" : e.jvm.pid + (e.jvm.hostname == null ? "" : "@" + escape(e.jvm.hostname)),
            Integer.toString(e.count)});
    }

    public void print(PrintWriter out) {
        int[] widths = naturalWidths();
        boolean[] shown = chooseColumns(widths);
        shrink(widths, shown);
        out.println(line(HEADER, widths, shown));
        for (String[] row : rows) {
            out.println(line(row, widths, shown));
        }
        out.flush();
    }

    private int[] naturalWidths() {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        return widths;
    }

    private boolean[] chooseColumns(int[] widths) {
        boolean[] shown = new boolean[HEADER.length];
        java.util.Arrays.fill(shown, true);
        for (int column : LEFT_OUT_FIRST) {
            if (total(widths, shown, true) <= width) {
                break;
            }
            shown[column] = false;
        }
        return shown;
    }

    private void shrink(int[] widths, boolean[] shown) {
        int total = total(widths, shown, false);
        while (total > width) {
            int widest = -1;
            for (int i = 0; i < widths.length; i++) {
                if (shown[i] && widths[i] > MIN_WIDTH[i] && MIN_WIDTH[i] > 0 && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                return; // every text column at its minimum: lines are cut at the width
            }
            widths[widest]--;
            total--;
        }
    }

    /** The line width with the shown columns at their current, or with {@code atMinimum} their narrowest, widths. */
    private static int total(int[] widths, boolean[] shown, boolean atMinimum) {
        int total = 0;
        int columns = 0;
        for (int i = 0; i < widths.length; i++) {
            if (shown[i]) {
                total += atMinimum && MIN_WIDTH[i] > 0 ? Math.min(widths[i], MIN_WIDTH[i]) : widths[i];
                columns++;
            }
        }
        return total + GAP.length() * (columns - 1);
    }

    private String line(String[] cells, int[] widths, boolean[] shown) {
        StringBuilder b = new StringBuilder(width);
        for (int i = 0; i < cells.length; i++) {
            if (!shown[i]) {
                continue;
            }
            String cell = Cells.cut(cells[i], widths[i]);
            String pad = " ".repeat(widths[i] - cell.length());
            if (b.length() > 0) {
                b.append(GAP);
            }
            b.append(i == COUNT ? pad + cell : cell + pad);
        }
        return Cells.cut(b.toString().stripTrailing(), width);
    }
}
