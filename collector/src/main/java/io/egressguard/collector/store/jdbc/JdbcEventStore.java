package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.AlertRows;
import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.ReportQueries;
import io.egressguard.collector.store.ReportRows.Culprit;
import io.egressguard.collector.store.ReportRows.Destination;
import io.egressguard.collector.store.ReportRows.Summary;
import io.egressguard.collector.store.SeenDestination;
import io.egressguard.collector.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The SQL both databases share: positions, the commit transaction, the report queries and purge.
 * A subclass supplies how a batch of rows goes in and the two spots where the dialects differ
 * (string aggregation and glob matching).
 */
public abstract class JdbcEventStore implements EventStore {
    private static final String DESTINATION = "COALESCE(host, ip, '?')";
    /** host:port, or the bare host for a refused lookup, which has no port (-1). */
    private static final String DESTINATION_WITH_PORT = "(" + DESTINATION + " || CASE WHEN port >= 0 THEN ':' || port ELSE '' END)";
    private static final String UPSERT_POSITION = "INSERT INTO journal_positions (journal, last_index, updated_at)"
            + " VALUES (?, ?, ?) ON CONFLICT (journal) DO UPDATE SET last_index = excluded.last_index,"
            + " updated_at = excluded.updated_at WHERE excluded.last_index > journal_positions.last_index";

    protected final String label;
    protected final Connection connection;
    private final String migrations;
    private final Stacks stacks = new Stacks();

    /**
     * @param label      how messages name the store, e.g. {@code sqlite:/var/lib/eg.db}
     * @param connection in manual-commit mode
     * @param migrations the resource folder of this dialect's numbered SQL files
     */
    protected JdbcEventStore(String label, Connection connection, String migrations) {
        this.label = label;
        this.connection = connection;
        this.migrations = migrations;
    }

    /**
     * Inserts the rows (values in {@link EventColumns#NAMES} order) whose id is not stored yet, inside
     * the open transaction; returns the rows that were new (the rollups count those and no others).
     */
    protected abstract List<Object[]> insert(List<Object[]> rows) throws SQLException;

    /**
     * Adds the newly stored rows to every rollup, inside the open transaction: summed in memory, then
     * a statement per rollup row, which SQLite, in process, runs cheaply.
     */
    protected void mergeRollups(List<Object[]> added, PreparedRows batch) throws SQLException {
        boolean allNew = added.size() == batch.rows().size();
        for (Rollup rollup : Rollup.ALL) {
            List<Object[]> sums = allNew ? batch.sumsOfAll(rollup) : null;
            rollup.upsert(connection, sums != null ? sums : rollup.sum(added));
        }
    }

    /** Whether {@link #mergeRollups} sums in memory, so that {@link #prepare} should sum the batch ahead. */
    protected boolean sumsRollupsInMemory() {
        return true;
    }

    @Override
    public List<StoredEvent> prepare(List<StoredEvent> events) {
        return PreparedRows.of(events, sumsRollupsInMemory());
    }

    /** An aggregate joining the distinct values of {@code expr} with commas. */
    protected abstract String joinDistinct(String expr);

    /** A predicate matching {@code column} against a glob parameter that {@link #globArgument} prepares. */
    protected abstract String globMatch(String column);

    protected String globArgument(String lowerCaseGlob) {
        return lowerCaseGlob;
    }

    @Override
    public void migrate() {
        try {
            connection.setAutoCommit(true);
            new Migrations(migrations).apply(connection);
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw fail("cannot create or upgrade the schema", e);
        }
    }

    @Override
    public Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        query("SELECT journal, last_index FROM journal_positions", List.of(),
                rs -> positions.put(rs.getString(1), rs.getLong(2)), "cannot read journal positions");
        return positions;
    }

    @Override
    public int commit(List<StoredEvent> batchOfEvents, List<Damage> damaged, Map<String, Long> positions) {
        List<StoredEvent> events = batchOfEvents;
        try {
            int inserted = 0;
            if (!damaged.isEmpty()) {
                DamagedRows.insert(connection, damaged);
            }
            List<StoredEvent> drops = AgentDrops.of(events);
            if (!drops.isEmpty()) {
                // rare (an agent's exit): the batch's prepared rows included them, so they are made again
                events = AgentDrops.without(events);
                inserted += AgentDrops.insert(connection, drops);
            }
            if (!events.isEmpty()) {
                // Prepared on the drain's read thread; a batch from elsewhere is prepared here.
                PreparedRows batch = events instanceof PreparedRows p ? p : PreparedRows.of(events, false);
                stacks.insertNew(connection, events);
                List<Object[]> added = insert(batch.rows());
                inserted += added.size();
                // Same transaction as the events and positions: a rollup never counts an event twice or misses one.
                if (!added.isEmpty()) {
                    mergeRollups(added, batch);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(UPSERT_POSITION)) {
                long now = System.currentTimeMillis();
                for (Map.Entry<String, Long> position : positions.entrySet()) {
                    ps.setString(1, position.getKey());
                    ps.setLong(2, position.getValue());
                    ps.setLong(3, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            connection.commit();
            stacks.committed();
            return inserted;
        } catch (SQLException e) {
            stacks.rolledBack();
            rollbackQuietly();
            throw fail("cannot commit " + events.size() + " events", e);
        }
    }

    @Override
    public List<Damage> damaged() {
        try {
            if (!DamagedRows.exists(connection)) {
                return null; // a store opened to read that no drain has upgraded yet
            }
            List<Damage> all = DamagedRows.all(connection);
            connection.commit();
            return all;
        } catch (SQLException e) {
            rollbackQuietly();
            throw fail("cannot read the damaged table", e);
        }
    }

    /**
     * Deletes events before the cut, the rollups' hours before the cut's hour, and rebuilds the cut's
     * own hour from the events it keeps, all in one transaction.
     */
    @Override
    public long purge(long beforeNanos) {
        long cutHour = Math.floorDiv(beforeNanos, Rollup.HOUR_NANOS) * Rollup.HOUR_NANOS;
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM events WHERE time < ?")) {
            ps.setLong(1, beforeNanos);
            long deleted = ps.executeLargeUpdate();
            for (Rollup rollup : Rollup.ALL) {
                update(connection, "DELETE FROM " + rollup.table() + " WHERE hour_start < ?", cutHour);
                if (cutHour < beforeNanos) {
                    update(connection, "DELETE FROM " + rollup.table() + " WHERE hour_start = ?", cutHour);
                    update(connection, rollup.backfill(" WHERE time >= ? AND time < ?"), cutHour, cutHour + Rollup.HOUR_NANOS);
                }
            }
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            rollbackQuietly();
            throw fail("cannot purge events", e);
        }
    }

    private static void update(Connection connection, String sql, long... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setLong(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Override
    public void forEachEventJson(EventFilter filter, Consumer<String> sink) {
        Where where = where(filter);
        query("SELECT " + EventColumns.FULL_JSON + " FROM " + EventColumns.WITH_STACKS + where.sql + " ORDER BY e.time, e.id", where.args,
                rs -> sink.accept(rs.getString(1)), "cannot read events");
    }

    @Override
    public Optional<String> eventJson(String id) {
        List<String> out = new ArrayList<>(1);
        query("SELECT " + EventColumns.FULL_JSON + " FROM " + EventColumns.WITH_STACKS + " WHERE e.id = ?", List.of(id), rs -> out.add(rs.getString(1)), "cannot read event " + id);
        return out.stream().findFirst();
    }

    @Override
    public Summary summary(EventFilter filter) {
        Where where = where(filter);
        String sql = "SELECT COUNT(*), MIN(time), MAX(time), COUNT(DISTINCT journal),"
                + " COALESCE(SUM(CASE WHEN action = 'blocked' THEN count END), 0),"
                + " COALESCE(SUM(CASE WHEN action = 'monitored' THEN count END), 0),"
                + " COALESCE(SUM(CASE WHEN action = 'allowed' THEN count END), 0),"
                + " COUNT(DISTINCT " + DESTINATION_WITH_PORT + "),"
                + " COALESCE(SUM(dropped), 0) FROM events" + where.sql;
        List<Summary> out = new ArrayList<>(1);
        long agentDrops = agentDrops(filter);
        query(sql, where.args, rs -> out.add(new Summary(rs.getLong(1), nullableLong(rs, 2), nullableLong(rs, 3),
                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9) + agentDrops)),
                "cannot summarise events");
        return out.get(0);
    }

    @Override
    public List<Destination> byDestination(EventFilter filter, int limit) {
        Where where = where(filter);
        String sql = "SELECT " + DESTINATION + " AS destination, port, MAX(vendor), SUM(count) AS attempts,"
                + " MIN(time), MAX(time), action, " + joinDistinct("api") + " FROM events" + where.sql
                + " GROUP BY destination, port, action ORDER BY attempts DESC, destination, port, action LIMIT " + limit;
        List<Destination> out = new ArrayList<>();
        query(sql, where.args, rs -> out.add(new Destination(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8))), "cannot group events by destination");
        return out;
    }

    @Override
    public List<Culprit> byCulprit(EventFilter filter, int limit) {
        Where where = where(filter);
        String sql = "SELECT COALESCE(culprit_frame, '(unknown)') AS frame, COALESCE(culprit_gav, culprit_jar, '') AS origin,"
                + " SUM(count) AS attempts, COUNT(DISTINCT " + DESTINATION_WITH_PORT + "),"
                + " " + joinDistinct(DESTINATION_WITH_PORT) + " FROM events" + where.sql
                + " GROUP BY frame, origin ORDER BY attempts DESC, frame, origin LIMIT " + limit;
        List<Culprit> out = new ArrayList<>();
        query(sql, where.args, rs -> out.add(new Culprit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getString(5))), "cannot group events by culprit");
        return out;
    }

    @Override
    public List<SeenDestination> seenDestinations(EventFilter filter) {
        Where where = where(filter);
        String sql = "SELECT " + DESTINATION + " AS destination, port, action, SUM(count), MIN(time), MAX(time), MAX(vendor), "
                + joinDistinct("COALESCE(culprit_gav, culprit_jar)") + " FROM events" + where.sql
                + " GROUP BY destination, port, action ORDER BY destination, port, action";
        List<SeenDestination> out = new ArrayList<>();
        query(sql, where.args, rs -> out.add(new SeenDestination(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8))), "cannot group events by destination");
        return out;
    }

    @Override
    public List<AlertRows.Window> alertWindows(AlertRows.Query q) {
        List<String> terms = new ArrayList<>(List.of("time >= ?"));
        List<Object> args = new ArrayList<>(List.of(q.windowNanos(), q.sinceNanos()));
        if (q.untilNanos() != null) {
            terms.add("time < ?");
            args.add(q.untilNanos());
        }
        if (q.severities() != null) {
            terms.add("severity IN (" + String.join(", ", java.util.Collections.nCopies(q.severities().size(), "?")) + ")");
            args.addAll(q.severities());
        }
        if (q.action() != null) {
            terms.add("action = ?");
            args.add(q.action());
        }
        if (q.payloadOver() != null) {
            terms.add("payload_size > ?");
            args.add(q.payloadOver());
        }
        args.add(q.moreThan());
        String sql = "SELECT " + DESTINATION + " AS destination, time / ? AS bucket, SUM(count), MIN(time), MIN(id)"
                + " FROM events WHERE " + String.join(" AND ", terms)
                + " GROUP BY destination, bucket HAVING SUM(count) > ? ORDER BY MIN(time), destination";
        List<AlertRows.Window> out = new ArrayList<>();
        query(sql, args, rs -> out.add(new AlertRows.Window(rs.getString(1), rs.getLong(2) * q.windowNanos(), rs.getLong(3),
                rs.getLong(4), rs.getString(5))), "cannot count events for alerts");
        return out;
    }

    @Override
    public List<AlertRows.FirstSeen> firstSeen(long sinceNanos, Long untilNanos) {
        List<Object> args = new ArrayList<>();
        String where = "";
        if (untilNanos != null) {
            where = " WHERE time < ?";
            args.add(untilNanos);
        }
        args.add(sinceNanos);
        String sql = "SELECT " + DESTINATION + " AS destination, MIN(time), MIN(id) FROM events" + where
                + " GROUP BY destination HAVING MIN(time) >= ? ORDER BY MIN(time), destination";
        List<AlertRows.FirstSeen> out = new ArrayList<>();
        query(sql, args, rs -> out.add(new AlertRows.FirstSeen(rs.getString(1), rs.getLong(2), rs.getString(3))),
                "cannot find new destinations");
        return out;
    }

    @Override
    public java.util.Set<String> knownDestinations() {
        java.util.Set<String> out = new java.util.HashSet<>();
        // The rollup holds every stored event's destination, in far fewer rows than events.
        query("SELECT DISTINCT COALESCE(dest, '?') FROM " + Rollup.DESTINATIONS.table(), List.of(), rs -> out.add(rs.getString(1)),
                "cannot list destinations");
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw fail("cannot close", e);
        }
    }

    @Override
    public String toString() {
        return label;
    }

    protected interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    protected void query(String sql, List<Object> args, RowHandler handler, String what) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw fail(what, e);
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    protected void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    protected CollectorException fail(String what, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
        return new CollectorException("store " + label + ": " + what + ": " + message, e);
    }

    record Where(String sql, List<Object> args) {
        /** The terms joined by AND after WHERE, or no clause at all when there are none. */
        static Where of(List<String> terms, List<Object> args) {
            return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), args);
        }

    }

    /** The drops the agents' drop-count records hold within the filter (none under a host or action filter). */
    long agentDrops(EventFilter f) {
        Where where = AgentDrops.where(f);
        if (where == null) {
            return 0;
        }
        long[] sum = {0};
        query("SELECT COALESCE(SUM(dropped), 0) FROM agent_drops" + where.sql, where.args, rs -> sum[0] = rs.getLong(1),
                "cannot sum the agents' drop counts");
        return sum[0];
    }

    @Override
    public ReportQueries reportQueries() {
        return new JdbcReportQueries(this, true);
    }

    Where where(EventFilter f) {
        List<String> terms = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        timeTerms(f, terms, args);
        if (f.hostGlob() != null) {
            // hosts are stored lower-case, so a lower-cased glob matches case-insensitively
            terms.add("(" + globMatch("host") + " OR (host IS NULL AND " + globMatch("ip") + "))");
            String glob = globArgument(f.hostGlob().toLowerCase(Locale.ROOT));
            args.add(glob);
            args.add(glob);
        }
        actionAndJvmTerms(f, terms, args);
        return Where.of(terms, args);
    }

    /** The time range, on the {@code time} column that events and the agents' drop counts both have. */
    static void timeTerms(EventFilter f, List<String> terms, List<Object> args) {
        if (f.sinceNanos() != null) {
            terms.add("time >= ?");
            args.add(f.sinceNanos());
        }
        if (f.untilNanos() != null) {
            terms.add("time < ?");
            args.add(f.untilNanos());
        }
    }

    /** The action and JVM filters, whose columns have the same names in {@code events}, the rollups and the drop counts. */
    static void actionAndJvmTerms(EventFilter f, List<String> terms, List<Object> args) {
        if (f.action() != null) {
            terms.add("action = ?");
            args.add(f.action().wireName());
        }
        if (f.jvmPid() != null) {
            terms.add("jvm_pid = ?");
            args.add(f.jvmPid());
        }
        if (f.jvmHost() != null) {
            terms.add("lower(jvm_host) = ?");
            args.add(f.jvmHost().toLowerCase(Locale.ROOT));
        }
    }
}
