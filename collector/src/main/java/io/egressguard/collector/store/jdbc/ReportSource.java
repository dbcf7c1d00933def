package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.store.EventFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows a report section aggregates, as a derived table of partial aggregates: the rollup's whole
 * hours inside the filter's range, and the events of the partial hours at its edges (each event a
 * row of one record). Sums, minimums and maximums over it equal those over the events the filter
 * selects. Both shapes have the same columns: the rollup's grouping columns, its measures, and
 * {@code at} (the hour for a rollup row, the time for an event), which only hourly or coarser buckets
 * may use.
 */
final class ReportSource {
    private final JdbcEventStore store;
    private final boolean rollups;

    /** @param rollups false: every row from {@code events} (how the tests check the rollups against the events) */
    ReportSource(JdbcEventStore store, boolean rollups) {
        this.store = store;
        this.rollups = rollups;
    }

    record Sql(String sql, List<Object> args) {
    }

    /** The derived table (parenthesised, aliased {@code src}) of {@code rollup}'s shape for the filter. */
    Sql of(Rollup rollup, EventFilter f) {
        return of(rollup, f, rollups);
    }

    /** As {@link #of(Rollup, EventFilter)}, from events alone when {@code useRollup} is false. */
    Sql of(Rollup rollup, EventFilter f, boolean useRollup) {
        List<String> arms = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!useRollup) {
            events(rollup, f, f.sinceNanos(), f.untilNanos(), arms, args);
            return wrap(arms, args);
        }
        Long since = f.sinceNanos();
        Long until = f.untilNanos();
        Long firstWhole = since == null ? null : ceilHour(since);
        Long endWhole = until == null ? null : Math.floorDiv(until, Rollup.HOUR_NANOS) * Rollup.HOUR_NANOS;
        if (firstWhole != null && endWhole != null && firstWhole >= endWhole) { // no whole hour in the range
            events(rollup, f, since, until, arms, args);
            return wrap(arms, args);
        }
        rollupArm(rollup, f, firstWhole, endWhole, arms, args);
        if (since != null && since < firstWhole) {
            events(rollup, f, since, firstWhole, arms, args);
        }
        if (until != null && endWhole < until) {
            events(rollup, f, endWhole, until, arms, args);
        }
        return wrap(arms, args);
    }

    private static long ceilHour(long nanos) {
        return -Math.floorDiv(-nanos, Rollup.HOUR_NANOS) * Rollup.HOUR_NANOS;
    }

    private static Sql wrap(List<String> arms, List<Object> args) {
        return new Sql("(" + String.join(" UNION ALL ", arms) + ") src", args);
    }

    private void rollupArm(Rollup rollup, EventFilter f, Long from, Long to, List<String> arms, List<Object> args) {
        List<String> terms = new ArrayList<>();
        if (from != null) {
            terms.add("hour_start >= ?");
            args.add(from);
        }
        if (to != null) {
            terms.add("hour_start < ?");
            args.add(to);
        }
        if (f.hostGlob() != null) {
            // dest is the host, else the IP: the same events as the events' host-or-IP glob (see JdbcEventStore.where)
            terms.add(store.globMatch("dest"));
            args.add(store.globArgument(f.hostGlob().toLowerCase(Locale.ROOT)));
        }
        JdbcEventStore.actionAndJvmTerms(f, terms, args);
        arms.add("SELECT hour_start AS at, " + rollup.columnNames() + ", " + Rollup.MEASURES + " FROM " + rollup.table()
                + (terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms)));
    }

    private void events(Rollup rollup, EventFilter f, Long from, Long to, List<String> arms, List<Object> args) {
        JdbcEventStore.Where where = store.where(new EventFilter(from, to, f.hostGlob(), f.action(), f.jvmPid(), f.jvmHost()));
        StringBuilder columns = new StringBuilder();
        for (String name : rollup.columnNames().split(", ")) {
            columns.append(name.equals("dest") ? Rollup.DEST_OF_EVENT + " AS dest" : name).append(", ");
        }
        arms.add("SELECT time AS at, " + columns + "1 AS records, count AS attempts, dropped,"
                + " CASE WHEN payload_size > 0 THEN payload_size ELSE 0 END AS payload_bytes, time AS first_time, time AS last_time"
                + " FROM events" + where.sql());
        args.addAll(where.args());
    }
}
