package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.ReportQueries;
import io.egressguard.collector.store.ReportRows.Bucket;
import io.egressguard.collector.store.ReportRows.DestinationTotal;
import io.egressguard.collector.store.ReportRows.Group;
import io.egressguard.collector.store.ReportRows.GroupDestination;
import io.egressguard.collector.store.ReportRows.Jvm;
import io.egressguard.collector.store.ReportRows.PayloadEvent;
import io.egressguard.collector.store.ReportRows.SeverityTotal;
import io.egressguard.collector.store.ReportRows.StackTotal;
import io.egressguard.collector.store.ReportRows.StackTotals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forensic report's SQL, shared by SQLite and PostgreSQL. Each method is one GROUP BY (window
 * functions pick the top destinations per group), so a report costs a handful of scans whatever
 * the number of events, and only aggregates cross the connection.
 */
final class JdbcReportQueries implements ReportQueries {
    private static final String DESTINATION = "COALESCE(host, ip, '?')";
    private static final String DESTINATION_WITH_PORT = "(" + DESTINATION + " || CASE WHEN port >= 0 THEN ':' || port ELSE '' END)";
    private static final String FRAME = "COALESCE(culprit_frame, '(unknown)')";
    private static final String ORIGIN = "COALESCE(culprit_gav, culprit_jar, '')";
    private static final String GAV = "COALESCE(culprit_gav, '')";
    private static final String JAR = "COALESCE(culprit_jar, '')";
    private static final String BY_ACTION = "SUM(CASE WHEN action = 'blocked' THEN count ELSE 0 END),"
            + " SUM(CASE WHEN action = 'monitored' THEN count ELSE 0 END),"
            + " SUM(CASE WHEN action = 'allowed' THEN count ELSE 0 END)";
    private static final String PAYLOAD_BYTES = "COALESCE(SUM(CASE WHEN payload_size > 0 THEN payload_size END), 0)";

    private final JdbcEventStore store;

    JdbcReportQueries(JdbcEventStore store) {
        this.store = store;
    }

    @Override
    public List<SeverityTotal> severities(EventFilter filter) {
        JdbcEventStore.Where where = store.where(filter);
        List<SeverityTotal> out = new ArrayList<>();
        store.query("SELECT severity, action, SUM(count), " + PAYLOAD_BYTES + " FROM events" + where.sql()
                + " GROUP BY severity, action", where.args(),
                rs -> out.add(new SeverityTotal(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))),
                "cannot count attempts by severity");
        return out;
    }

    @Override
    public List<Jvm> jvms(EventFilter filter, int limit) {
        JdbcEventStore.Where where = store.where(filter);
        List<Jvm> out = new ArrayList<>();
        store.query("SELECT journal, MAX(jvm_pid), MAX(jvm_host), MAX(jvm_main_class), SUM(count) AS attempts, MIN(time), MAX(time)"
                + " FROM events" + where.sql() + " GROUP BY journal ORDER BY attempts DESC, journal LIMIT " + limit, where.args(),
                rs -> out.add(new Jvm(rs.getString(1), nullableLong(rs, 2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7))), "cannot group events by JVM");
        return out;
    }

    @Override
    public List<DestinationTotal> destinations(EventFilter filter, int limit) {
        JdbcEventStore.Where where = store.where(filter);
        List<DestinationTotal> out = new ArrayList<>();
        store.query("SELECT " + DESTINATION + " AS destination, port, MAX(vendor), SUM(count) AS attempts, " + BY_ACTION + ","
                + " MIN(time), MAX(time), " + PAYLOAD_BYTES + ", " + store.joinDistinct("api") + " FROM events" + where.sql()
                + " GROUP BY " + DESTINATION + ", port ORDER BY attempts DESC, destination, port LIMIT " + limit, where.args(),
                rs -> out.add(new DestinationTotal(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11))),
                "cannot group events by destination");
        return out;
    }

    @Override
    public List<Group> callSites(EventFilter filter, int limit) {
        return groups(filter, FRAME, ORIGIN, limit, "call site");
    }

    @Override
    public List<GroupDestination> callSiteDestinations(EventFilter filter, int perSite) {
        return groupDestinations(filter, FRAME, ORIGIN, perSite, "call site");
    }

    @Override
    public List<Group> dependencies(EventFilter filter, int limit) {
        return groups(filter, GAV, JAR, limit, "dependency");
    }

    @Override
    public List<GroupDestination> dependencyDestinations(EventFilter filter, int perDependency) {
        return groupDestinations(filter, GAV, JAR, perDependency, "dependency");
    }

    private List<Group> groups(EventFilter filter, String key, String origin, int limit, String what) {
        JdbcEventStore.Where where = store.where(filter);
        List<Group> out = new ArrayList<>();
        store.query("SELECT " + key + " AS k, " + origin + " AS o, SUM(count) AS attempts, COUNT(DISTINCT " + DESTINATION_WITH_PORT + ")"
                + " FROM events" + where.sql() + " GROUP BY " + key + ", " + origin + " ORDER BY attempts DESC, k, o LIMIT " + limit,
                where.args(), rs -> out.add(new Group(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))),
                "cannot group events by " + what);
        return out;
    }

    private List<GroupDestination> groupDestinations(EventFilter filter, String key, String origin, int perGroup, String what) {
        JdbcEventStore.Where where = store.where(filter);
        List<Object> args = new ArrayList<>(where.args());
        args.add(perGroup);
        List<GroupDestination> out = new ArrayList<>();
        store.query("SELECT k, o, d, a FROM (SELECT " + key + " AS k, " + origin + " AS o, " + DESTINATION_WITH_PORT + " AS d,"
                + " SUM(count) AS a, ROW_NUMBER() OVER (PARTITION BY " + key + ", " + origin + " ORDER BY SUM(count) DESC, "
                + DESTINATION_WITH_PORT + ") AS r FROM events" + where.sql() + " GROUP BY " + key + ", " + origin + ", "
                + DESTINATION_WITH_PORT + ") ranked WHERE r <= ? ORDER BY k, o, r", args,
                rs -> out.add(new GroupDestination(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))),
                "cannot list destinations by " + what);
        return out;
    }

    @Override
    public StackTotals stacks(EventFilter filter, int limit) {
        JdbcEventStore.Where where = store.where(filter);
        List<String> hashes = new ArrayList<>();
        List<Long> attempts = new ArrayList<>();
        long[] distinct = {0};
        // The window sum runs over the groups before LIMIT: the number of distinct stacks, in the same scan.
        store.query("SELECT stack_hash, SUM(count) AS attempts, SUM(CASE WHEN stack_hash IS NULL THEN 0 ELSE 1 END) OVER ()"
                + " FROM events" + where.sql() + " GROUP BY stack_hash ORDER BY attempts DESC, stack_hash LIMIT " + limit,
                where.args(), rs -> {
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
        JdbcEventStore.Where where = store.where(filter);
        List<Object> args = new ArrayList<>(List.of(originNanos, bucketNanos));
        args.addAll(where.args());
        List<Bucket> out = new ArrayList<>();
        store.query("SELECT (time - ?) / ? AS bucket, " + BY_ACTION + " FROM events" + where.sql() + " GROUP BY bucket ORDER BY bucket",
                args, rs -> out.add(new Bucket(originNanos + rs.getLong(1) * bucketNanos, rs.getLong(2), rs.getLong(3), rs.getLong(4))),
                "cannot count attempts over time");
        return out;
    }

    @Override
    public List<PayloadEvent> largestPayloads(EventFilter filter, int limit) {
        JdbcEventStore.Where where = store.where(filter);
        String sql = where.sql().isEmpty() ? " WHERE payload_size > 0" : where.sql() + " AND payload_size > 0";
        List<PayloadEvent> out = new ArrayList<>();
        store.query("SELECT id, time, payload_size, " + DESTINATION_WITH_PORT + ", action, culprit_frame, " + ORIGIN
                + " FROM events" + sql + " ORDER BY payload_size DESC, time, id LIMIT " + limit, where.args(),
                rs -> out.add(new PayloadEvent(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7))), "cannot list the largest payloads");
        return out;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
