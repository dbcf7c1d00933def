package io.egressguard.collector.report;

import static io.egressguard.collector.report.Cells.orDash;
import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.event.Event;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Events as aligned columns no wider than the terminal. Rows are collected first so each column
 * gets the width its widest cell needs; when the total is too wide, the widest column gives up a
 * character at a time (cells then end in an ellipsis) until the line fits.
 */
public final class EventTable {
    public static final int DEFAULT_WIDTH = 120;
    private static final String[] HEADER = {"TIME", "ACTION", "API", "DESTINATION", "CULPRIT", "ORIGIN", "JVM", "COUNT"};
    private static final int COUNT_COLUMN = HEADER.length - 1;
    private static final String GAP = "  ";
    private static final int MIN_COLUMN = 6;

    private final int width;
    private final List<String[]> rows = new ArrayList<>();

    public EventTable(int width) {
        this.width = width;
    }

    public void add(Event e) {
        rows.add(new String[] {
            Cells.timeMillis(e.time),
            escape(orDash(e.action == null ? null : e.action.wireName())),
            escape(orDash(e.api)),
            escape(Cells.destination(e)),
            escape(orDash(e.culprit == null ? null : e.culprit.frame)),
            escape(orDash(Cells.origin(e.culprit))),
            e.jvm == null ? "-" : e.jvm.pid + (e.jvm.hostname == null ? "" : "@" + escape(e.jvm.hostname)),
            Integer.toString(e.count)});
    }

    public void print(PrintWriter out) {
        int[] widths = fit(naturalWidths());
        out.println(line(HEADER, widths));
        for (String[] row : rows) {
            out.println(line(row, widths));
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

    private int[] fit(int[] widths) {
        int total = GAP.length() * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        while (total > width) {
            int widest = -1;
            for (int i = 0; i < widths.length; i++) {
                if (widths[i] > MIN_COLUMN && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                break; // every column at its minimum: the line itself is cut below
            }
            widths[widest]--;
            total--;
        }
        return widths;
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder(width);
        for (int i = 0; i < cells.length; i++) {
            String cell = Cells.cut(cells[i], widths[i]);
            String pad = " ".repeat(widths[i] - cell.length());
            if (i > 0) {
                b.append(GAP);
            }
            b.append(i == COUNT_COLUMN ? pad + cell : cell + pad);
        }
        return Cells.cut(b.toString().stripTrailing(), width);
    }
}
