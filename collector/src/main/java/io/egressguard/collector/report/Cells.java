package io.egressguard.collector.report;

import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Small formatting rules shared by the event renderings: times, destinations, culprit origins, cutting. */
public final class Cells {
    public static final String ELLIPSIS = "\u2026";
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Cells() {
    }

    public static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** ISO-8601 UTC to the millisecond: for lines a person reads. */
    public static String timeMillis(long epochNanos) {
        return MILLIS.format(instant(epochNanos));
    }

    /** ISO-8601 UTC with the event's full precision: for machine-read output. */
    public static String timeIso(long epochNanos) {
        return instant(epochNanos).toString();
    }

    /** host:port; the IP when no host is known; no port for a refused lookup (port -1). Not escaped. */
    public static String destination(Event e) {
        String host = e.host != null ? e.host : e.ip != null ? e.ip : "?";
        return e.port >= 0 ? host + ":" + e.port : host;
    }

    /** The culprit's origin: its Maven gav, else its jar's file name, else null. Not escaped. */
    public static String origin(Culprit c) {
        if (c == null) {
            return null;
        }
        return c.gav != null && !c.gav.isEmpty() ? c.gav : shortOrigin(c.jar);
    }

    /** A jar path is shown by its file name; anything else (a gav, a classes directory) as is. */
    public static String shortOrigin(String origin) {
        if (origin == null || origin.isEmpty()) {
            return null;
        }
        int slash = Math.max(origin.lastIndexOf('/'), origin.lastIndexOf('\\'));
        return origin.endsWith(".jar") && slash >= 0 ? origin.substring(slash + 1) : origin;
    }

    /** {@code value}, or "-" when it is null or empty. */
    public static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    /** Cuts to at most {@code width} characters, the last one an ellipsis when anything was cut. */
    public static String cut(String value, int width) {
        if (value.length() <= width) {
            return value;
        }
        if (width <= 0) {
            return "";
        }
        int end = width - 1;
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return value.substring(0, end) + ELLIPSIS;
    }
}
