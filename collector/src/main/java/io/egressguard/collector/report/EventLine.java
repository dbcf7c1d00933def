package io.egressguard.collector.report;

import static io.egressguard.collector.report.Cells.orDash;
import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.event.Event;

/**
 * One event as one line, for {@code tail}: time, action, api, destination, method, URL, payload
 * size, culprit frame and its origin. Every value is escaped; a missing one is "-".
 */
public final class EventLine {
    private EventLine() {
    }

    public static String of(Event e) {
        StringBuilder b = new StringBuilder(160);
        b.append(Cells.timeMillis(e.time));
        b.append(' ').append(escape(orDash(e.action == null ? null : e.action.wireName())));
        b.append(' ').append(escape(orDash(e.api)));
        b.append(' ').append(escape(Cells.destination(e)));
        b.append(' ').append(escape(orDash(e.request == null ? null : e.request.method)));
        b.append(' ').append(escape(orDash(e.request == null ? null : e.request.url)));
        b.append(' ').append(payloadSize(e));
        b.append(' ').append(escape(orDash(e.culprit == null ? null : e.culprit.frame)));
        String origin = Cells.origin(e.culprit);
        if (origin != null) {
            b.append(" [").append(escape(origin)).append(']');
        }
        return b.toString();
    }

    private static String payloadSize(Event e) {
        if (e.payload == null) {
            return "-";
        }
        return e.payload.size < 0 ? "?B" : e.payload.size + "B";
    }
}
