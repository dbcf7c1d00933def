package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.ReportQueries;
import io.egressguard.collector.store.ReportRows.Bucket;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.Flow;
import io.egressguard.collector.store.ReportRows.Group;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.Groups;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.PayloadEvent;
import io.egressguard.collector.store.ReportRows.Ranked;
import io.egressguard.collector.store.ReportRows.StackTotal;
import io.egressguard.collector.store.ReportRows.StackTotals;
import io.egressguard.collector.store.ReportRows.Totals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forensic report's SQL, shared by SQLite and PostgreSQL. Each section is one statement over a
 * {@link ReportSource}: the per-hour rollups for the whole hours in range and the events of the
 * partial hours at its edges, so a report over a million events reads about a tenth as many rows
 * and never the wide event rows. An inner GROUP BY on plain columns comes first, and the outer query
 * regroups the few rows left by the displayed expressions. Window functions pick the top
 * destinations per group and count the groups before LIMIT.
 */
final class JdbcReportQueries implements ReportQueries {
    private static final String DESTINATION = "COALESCE(host, ip, '?')";
    private static final String SOURCE_DESTINATION = "COALESCE(dest, '?')";
    private static final String PAYLOAD_BYTES = "COALESCE(SUM(payload_bytes), 0)";
    private static final String[] SEVERITIES = {"critical", "high", "medium", "low"};

    private final JdbcEventStore store;
    private final ReportSource source;

    /** @param rollups false: aggregate the events alone (tests compare the two) */
    JdbcReportQueries(JdbcEventStore store, boolean rollups) {
        this.store = store;
        this.source = new ReportSource(store, rollups);
    }

    private static String sumWhere(String condition) {
        return "COALESCE(SUM(CASE WHEN " + condition + " THEN attempts END), 0)";
    }

    @Override
    public Totals totals(EventFilter filter) {
        ReportSource.Sql src = source.of(Rollup.DESTINATIONS, filter);
        // No GROUP BY: conditional sums over one pass, so nothing is sorted.
        StringBuilder sql = new StringBuilder("SELECT COALESCE(SUM(records), 0), MIN(first_time), MAX(last_time), ").append(sumWhere("action = 'blocked'"))
                .append(", ").append(sumWhere("action = 'monitored'")).append(", ").append(sumWhere("action = 'allowed'"))
                .append(", COALESCE(SUM(dropped), 0), ").append(PAYLOAD_BYTES);
        for (String severity : SEVERITIES) {
            sql.append(", ").append(sumWhere("severity = '" + severity + "'"));
        }
        sql.append(", ").append(sumWhere("severity IS NULL OR severity NOT IN ('critical', 'high', 'medium', 'low')"));
        sql.append(" FROM ").append(src.sql());
        List<Totals> out = new ArrayList<>(1);
        store.query(sql.toString(), src.args(), rs -> {
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            for (int i = 0; i < SEVERITIES.length; i++) {
                bySeverity.put(SEVERITIES[i], rs.getLong(9 + i));
            }
            bySeverity.put("none", rs.getLong(9 + SEVERITIES.length));
            out.add(new Totals(rs.getLong(1), nullableLong(rs, 2), nullableLong(rs, 3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                    rs.getLong(7), rs.getLong(8), bySeverity));
        }, "cannot total events");
        Totals t = out.get(0);
        long agentDrops = store.agentDrops(filter);
        if (agentDrops == 0) {
            return t;
        }
        return new Totals(t.records(), t.firstNanos(), t.lastNanos(), t.blocked(), t.monitored(), t.allowed(), t.dropped() + agentDrops,
                t.payloadBytes(), t.bySeverity());
    }

    @Override
    public Ranked<Jvm> jvms(EventFilter filter, int limit) {
        ReportSource.Sql src = source.of(Rollup.DESTINATIONS, filter);
        List<Jvm> rows = new ArrayList<>();
        long[] total = {0};
        store.query("SELECT journal, MAX(jpid), MAX(jhost), MAX(jmain), SUM(a) AS attempts, MIN(f), MAX(l), COUNT(*) OVER () FROM"
                + " (SELECT journal, jvm_pid AS jpid, jvm_host AS jhost, jvm_main_class AS jmain, SUM(attempts) AS a,"
                + " MIN(first_time) AS f, MAX(last_time) AS l FROM " + src.sql() + " GROUP BY journal, jvm_pid, jvm_host, jvm_main_class) x"
                + " GROUP BY journal ORDER BY attempts DESC, journal LIMIT " + limit, src.args(), rs -> {
                    rows.add(new Jvm(rs.getString(1), nullableLong(rs, 2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7)));
                    total[0] = rs.getLong(8);
                }, "cannot group events by JVM");
        return new Ranked<>(rows, total[0]);
    }

    @Override
    public Ranked<DestinationTotal> destinations(EventFilter filter, int limit) {
        ReportSource.Sql src = source.of(Rollup.DESTINATIONS, filter);
        List<DestinationTotal> rows = new ArrayList<>();
        long[] total = {0};
        store.query("SELECT d, port, MAX(v), SUM(a) AS attempts, SUM(b), SUM(m), SUM(al), MIN(f), MAX(l), SUM(p), "
                + store.joinDistinct("api") + ", COUNT(*) OVER () FROM (SELECT " + SOURCE_DESTINATION + " AS d, port, api,"
                + " MAX(vendor) AS v, SUM(attempts) AS a, " + sumWhere("action = 'blocked'") + " AS b, "
                + sumWhere("action = 'monitored'") + " AS m, " + sumWhere("action = 'allowed'") + " AS al, MIN(first_time) AS f,"
                + " MAX(last_time) AS l, " + PAYLOAD_BYTES + " AS p FROM " + src.sql()
                + " GROUP BY dest, port, api) x GROUP BY d, port ORDER BY attempts DESC, d, port LIMIT " + limit,
                src.args(), rs -> {
                    rows.add(new DestinationTotal(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11)));
                    total[0] = rs.getLong(12);
                }, "cannot group events by destination");
        return new Ranked<>(rows, total[0]);
    }

    @Override
    public Groups callSites(EventFilter filter, int limit, int perSite) {
        return groups(filter, "COALESCE(cf, '(unknown)')", "COALESCE(cg, cj, '')", false, limit, perSite, "call site");
    }

    @Override
    public Groups dependencies(EventFilter filter, int limit, int perDependency) {
        return groups(filter, "COALESCE(cg, '')", "COALESCE(cj, '')", true, limit, perDependency, "dependency");
    }

    /**
     * Groups by {@code key} and {@code origin} (expressions over the culprit's frame cf, gav cg and jar cj),
     * each with its destinations; ranks groups by attempts and keeps the first {@code limit}, each with
     * its first {@code perGroup} destinations.
     */
    private Groups groups(EventFilter filter, String key, String origin, boolean withPurl, int limit, int perGroup, String what) {
        ReportSource.Sql src = source.of(Rollup.CODE_PATHS, filter);
        List<Object> args = new ArrayList<>(src.args());
        args.add(perGroup);
        args.add(limit);
        // purl and evidence are not grouped on: a group's events stored before schema v8 have them
        // null, its later ones not, and MAX takes the recorded value over the nulls.
        String perCulpritAndDestination = "SELECT culprit_frame AS cf, culprit_gav AS cg, culprit_jar AS cj, " + SOURCE_DESTINATION
                + " AS d, port AS p, SUM(attempts) AS a, MAX(culprit_purl) AS cp, MAX(culprit_evidence) AS ce FROM " + src.sql()
                + " GROUP BY culprit_frame, culprit_gav, culprit_jar, dest, port";
        String perGroupAndDestination = "SELECT " + key + " AS k, " + origin + " AS o, d, p, SUM(a) AS a, MAX(cp) AS cp,"
                + " MAX(ce) AS ce FROM (" + perCulpritAndDestination + ") x GROUP BY " + key + ", " + origin + ", d, p";
        String withGroupTotals = "SELECT k, o, d, p, a, SUM(a) OVER (PARTITION BY k, o) AS total, COUNT(*) OVER (PARTITION BY k, o)"
                + " AS dests, ROW_NUMBER() OVER (PARTITION BY k, o ORDER BY a DESC, d, p) AS r, MAX(cp) OVER (PARTITION BY k, o) AS gp,"
                + " MAX(ce) OVER (PARTITION BY k, o) AS ge FROM (" + perGroupAndDestination + ") y";
        String ranked = "SELECT k, o, d, p, a, total, dests, r, gp, ge, DENSE_RANK() OVER (ORDER BY total DESC, k, o) AS g FROM ("
                + withGroupTotals + ") z WHERE r <= ?";
        List<Group> groups = new ArrayList<>();
        List<GroupDestination> destinations = new ArrayList<>();
        store.query("SELECT k, o, d, p, a, total, dests, r, gp, ge FROM (" + ranked + ") w WHERE g <= ? ORDER BY g, r", args, rs -> {
            String k = rs.getString(1);
            String o = rs.getString(2);
            if (rs.getLong(8) == 1) {
                groups.add(new Group(k, o, rs.getLong(6), rs.getLong(7), withPurl ? rs.getString(9) : null,
                        withPurl ? rs.getString(10) : null));
            }
            int port = rs.getInt(4);
            destinations.add(new GroupDestination(k, o, rs.getString(3) + (port >= 0 ? ":" + port : ""), rs.getLong(5)));
        }, "cannot group events by " + what);
        return new Groups(groups, destinations);
    }

    @Override
    public List<Flow> flows(EventFilter filter) {
        ReportSource.Sql src = source.of(Rollup.CODE_PATHS, filter);
        List<Flow> out = new ArrayList<>();
        // purl and evidence by MAX, as in groups(): events stored before schema v8 have them null.
        store.query("SELECT culprit_gav, culprit_jar, MAX(culprit_purl), MAX(culprit_evidence), " + SOURCE_DESTINATION + ", port,"
                + " action, SUM(attempts), MIN(first_time), MAX(last_time) FROM " + src.sql()
                + " GROUP BY culprit_gav, culprit_jar, dest, port, action", src.args(),
                rs -> out.add(new Flow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                        rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10))), "cannot group events by dependency and destination");
        return out;
    }

    @Override
    public StackTotals stacks(EventFilter filter, int limit) {
        ReportSource.Sql src = source.of(Rollup.CODE_PATHS, filter);
        List<String> hashes = new ArrayList<>();
        List<Long> attempts = new ArrayList<>();
        long[] distinct = {0};
        // The window sum runs over the groups before LIMIT: the number of distinct stacks, in the same scan.
        store.query("SELECT stack_hash, SUM(attempts) AS total, SUM(CASE WHEN stack_hash IS NULL THEN 0 ELSE 1 END) OVER ()"
                + " FROM " + src.sql() + " GROUP BY stack_hash ORDER BY total DESC, stack_hash LIMIT " + limit,
                src.args(), rs -> {
                    hashes.add(rs.getString(1));
                    attempts.add(rs.getLong(2));
                    distinct[0] = rs.getLong(3);
                }, "cannot group events by stack");
        Map<String, String> frames = frames(hashes);
        List<StackTotal> top = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            top.add(new StackTotal(hashes.get(i), hashes.get(i) == null ? null : frames.get(hashes.get(i)), attempts.get(i)));
        }
        return new StackTotals(top, distinct[0]);
    }

    private Map<String, String> frames(List<String> hashes) {
        List<Object> keys = new ArrayList<>();
        for (String hash : hashes) {
            if (hash != null) {
                keys.add(hash);
            }
        }
        Map<String, String> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        store.query("SELECT hash, frames FROM stacks WHERE hash IN (" + "?, ".repeat(keys.size() - 1) + "?)", keys,
                rs -> out.put(rs.getString(1), rs.getString(2)), "cannot read stacks");
        return out;
    }

    @Override
    public List<Bucket> timeline(EventFilter filter, long originNanos, long bucketNanos) {
        // A rollup row stands for a whole hour: it fits a bucket of whole hours that starts on an hour.
        boolean hourly = bucketNanos % Rollup.HOUR_NANOS == 0 && Math.floorMod(originNanos, Rollup.HOUR_NANOS) == 0;
        ReportSource.Sql src = hourly ? source.of(Rollup.DESTINATIONS, filter) : source.of(Rollup.DESTINATIONS, filter, false);
        List<Object> args = new ArrayList<>(List.of(originNanos, bucketNanos));
        args.addAll(src.args());
        List<Bucket> out = new ArrayList<>();
        store.query("SELECT (at - ?) / ? AS bucket, " + sumWhere("action = 'blocked'") + ", " + sumWhere("action = 'monitored'")
                + ", " + sumWhere("action = 'allowed'") + " FROM " + src.sql() + " GROUP BY bucket ORDER BY bucket",
                args, rs -> out.add(new Bucket(originNanos + rs.getLong(1) * bucketNanos, rs.getLong(2), rs.getLong(3), rs.getLong(4))),
                "cannot count attempts over time");
        return out;
    }

    @Override
    public List<PayloadEvent> largestPayloads(EventFilter filter, int limit) {
        JdbcEventStore.Where where = store.where(filter);
        String sql = where.sql().isEmpty() ? " WHERE payload_size > 0" : where.sql() + " AND payload_size > 0";
        List<PayloadEvent> out = new ArrayList<>();
        store.query("SELECT id, time, payload_size, " + DESTINATION + ", port, action, culprit_frame, COALESCE(culprit_gav, culprit_jar, '')"
                + " FROM events" + sql + " ORDER BY payload_size DESC, time, id LIMIT " + limit, where.args(),
                rs -> out.add(new PayloadEvent(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4) + (rs.getInt(5) >= 0 ? ":" + rs.getInt(5) : ""), rs.getString(6), rs.getString(7),
                        rs.getString(8))), "cannot list the largest payloads");
        return out;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
