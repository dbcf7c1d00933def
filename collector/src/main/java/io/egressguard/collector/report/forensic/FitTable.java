package io.egressguard.collector.report.forensic;

import io.egressguard.collector.report.Cells;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns sized to their widest cell, then narrowed to fit a line width: the widest text column
 * gives up a character at a time (its cells end in an ellipsis) down to a minimum. Numeric columns
 * are right-aligned; they and time columns are never narrowed. Cells must already be escaped.
 */
final class FitTable {
    private static final String INDENT = "  ";
    private static final String GAP = "  ";
    private static final int MIN_TEXT = 8;

    private final String[] header;
    private final boolean[] numeric;
    private final boolean[] fixed;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * A header ending in '#' is a numeric column, one ending in '=' a text column that is never narrowed
     * (times); the marker is not printed.
     */
    FitTable(String... header) {
        this.header = new String[header.length];
        this.numeric = new boolean[header.length];
        this.fixed = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            numeric[i] = header[i].endsWith("#");
            fixed[i] = numeric[i] || header[i].endsWith("=");
            this.header[i] = fixed[i] ? header[i].substring(0, header[i].length() - 1) : header[i];
        }
    }

    void row(String... cells) {
        rows.add(cells);
    }

    void print(PrintWriter out, int width) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        int total = INDENT.length() + GAP.length() * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        while (total > width) {
            int widest = -1;
            for (int i = 0; i < widths.length; i++) {
                if (!fixed[i] && widths[i] > MIN_TEXT && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                break; // every text column at its minimum: lines are cut at the width
            }
            widths[widest]--;
            total--;
        }
        out.println(line(header, widths, width));
        for (String[] row : rows) {
            out.println(line(row, widths, width));
        }
    }

    private String line(String[] cells, int[] widths, int width) {
        StringBuilder b = new StringBuilder(INDENT);
        for (int i = 0; i < cells.length; i++) {
            String cell = Cells.cut(cells[i], widths[i]);
            String pad = " ".repeat(widths[i] - cell.length());
            b.append(numeric[i] ? pad + cell : cell + pad);
            if (i < cells.length - 1) {
                b.append(GAP);
            }
        }
        return Cells.cut(b.toString().stripTrailing(), width);
    }
}
