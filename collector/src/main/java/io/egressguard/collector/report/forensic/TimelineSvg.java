package io.egressguard.collector.report.forensic;

import io.egressguard.collector.report.forensic.ForensicReport.Timeline;
import io.egressguard.collector.store.ReportRows.Bucket;
import java.util.Locale;

/**
 * The timeline as an inline SVG bar chart: one slot per bucket from the first to the last (empty
 * buckets stay gaps), each bar stacked blocked / monitored / allowed. Colours are presentation
 * attributes, not style, so the page's Content-Security-Policy needs no inline-style allowance.
 * Nothing from an event appears here: only times and counts.
 */
final class TimelineSvg {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 220;
    private static final int LEFT = 56;
    private static final int BOTTOM = 28;
    private static final int TOP = 12;
    private static final String BLOCKED = "#d92d20";
    private static final String MONITORED = "#f79009";
    private static final String ALLOWED = "#12b76a";

    private TimelineSvg() {
    }

    static String svg(Timeline t) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"attempts per ").append(t.unit())
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\">");
        if (t.buckets().isEmpty()) {
            return b.append("</svg>").toString();
        }
        long first = t.buckets().get(0).startNanos();
        long last = t.buckets().get(t.buckets().size() - 1).startNanos();
        long slots = (last - first) / t.bucketNanos() + 1;
        double plotW = WIDTH - LEFT - 8;
        double plotH = HEIGHT - TOP - BOTTOM;
        double slotW = plotW / slots;
        long peak = Math.max(1, t.peak());
        line(b, LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        line(b, LEFT, TOP, LEFT, TOP + plotH);
        text(b, LEFT - 6, TOP + 10, "end", Long.toString(peak));
        text(b, LEFT - 6, TOP + plotH, "end", "0");
        for (Bucket bucket : t.buckets()) {
            double x = LEFT + (bucket.startNanos() - first) / t.bucketNanos() * slotW;
            double w = Math.max(0.5, slotW * 0.85);
            double y = TOP + plotH;
            y = bar(b, x, y, w, bucket.allowed() * plotH / peak, ALLOWED);
            y = bar(b, x, y, w, bucket.monitored() * plotH / peak, MONITORED);
            bar(b, x, y, w, bucket.blocked() * plotH / peak, BLOCKED);
            b.append("<rect x=\"").append(f(x)).append("\" y=\"").append(TOP).append("\" width=\"").append(f(w))
                    .append("\" height=\"").append(f(plotH)).append("\" fill=\"transparent\"><title>")
                    .append(Words.bucket(bucket.startNanos(), t.unit())).append(": ").append(bucket.attempts())
                    .append(" attempts (blocked ").append(bucket.blocked()).append(", monitored ").append(bucket.monitored())
                    .append(", allowed ").append(bucket.allowed()).append(")</title></rect>");
        }
        text(b, LEFT, HEIGHT - 8, "start", Words.bucket(first, t.unit()));
        text(b, LEFT + plotW, HEIGHT - 8, "end", Words.bucket(last, t.unit()));
        return b.append("</svg>").toString();
    }

    private static double bar(StringBuilder b, double x, double bottom, double w, double h, String colour) {
        if (h <= 0) {
            return bottom;
        }
        b.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(bottom - h)).append("\" width=\"").append(f(w))
                .append("\" height=\"").append(f(h)).append("\" fill=\"").append(colour).append("\"/>");
        return bottom - h;
    }

    private static void line(StringBuilder b, double x1, double y1, double x2, double y2) {
        b.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2))
                .append("\" y2=\"").append(f(y2)).append("\" stroke=\"#57606a\" stroke-width=\"1\"/>");
    }

    private static void text(StringBuilder b, double x, double y, String anchor, String text) {
        b.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" font-size=\"11\" font-family=\"sans-serif\" fill=\"#57606a\">").append(text).append("</text>");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
