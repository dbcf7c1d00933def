package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.Event;
import java.util.Locale;

/**
 * The {@code events} table's columns, in order, and each stored event's values for them. The event's
 * stack is not in {@code json}: that keeps the record with {@code "stack":null} at {@code stack_at}
 * and the frames live once in {@code stacks} under {@code stack_hash} ({@link #FULL_JSON} joins them).
 */
public final class EventColumns {
    public static final String NAMES = "id, time, action, rule, severity, api, host, port, ip, vendor, culprit_frame,"
            + " culprit_jar, culprit_gav, thread, jvm_pid, jvm_host, jvm_main_class, journal, count, dropped, json,"
            + " method, url, payload_size, stack_hash, stack_at, culprit_purl, culprit_evidence, culprit_archive";
    public static final int COUNT = 29;

    /**
     * The complete original event JSON, for a query over {@code events e LEFT JOIN stacks s ON
     * s.hash = e.stack_hash}: the stack's frames put back in place of the {@code null} at
     * {@code stack_at} (0-based, in characters). The same SQL in SQLite and PostgreSQL.
     */
    public static final String FULL_JSON = "CASE WHEN e.stack_at IS NULL THEN e.json"
            + " ELSE substr(e.json, 1, e.stack_at) || s.frames || substr(e.json, e.stack_at + 5) END";
    /** The join {@link #FULL_JSON} needs. */
    public static final String WITH_STACKS = "events e LEFT JOIN stacks s ON s.hash = e.stack_hash";

    private EventColumns() {
    }

    /** Values in {@link #NAMES} order: String, Long or Integer, or null. Hosts are lower-cased for glob matching. */
    public static Object[] values(StoredEvent stored) {
        Event e = stored.event();
        boolean culprit = e.culprit != null;
        boolean jvm = e.jvm != null;
        boolean request = e.request != null;
        return new Object[] {
            e.id, e.time, e.action == null ? null : e.action.wireName(), e.rule,
            e.severity == null ? null : e.severity.wireName(), e.api,
            e.host == null ? null : e.host.toLowerCase(Locale.ROOT), e.port, e.ip, e.vendor,
            culprit ? e.culprit.frame : null, culprit ? e.culprit.jar : null, culprit ? e.culprit.gav : null, e.thread,
            jvm ? (Object) e.jvm.pid : null, jvm ? e.jvm.hostname : null, jvm ? e.jvm.mainClass : null,
            stored.journal(), e.count, e.dropped, stored.jsonWithoutStack(),
            request ? e.request.method : null, request ? e.request.url : null,
            e.payload == null ? null : (Object) e.payload.size, stored.stackHash(), stored.stackAt(),
            culprit ? e.culprit.purl : null, culprit ? e.culprit.evidence : null, culprit ? e.culprit.archive : null
        };
    }
}
