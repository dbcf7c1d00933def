package io.egressguard.collector.store.sqlite;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.OwnerOnlyFiles;
import io.egressguard.collector.store.ReportRows.Culprit;
import io.egressguard.collector.store.ReportRows.Destination;
import io.egressguard.collector.store.ReportRows.Summary;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * Events in one SQLite file in WAL mode. Each {@link #commit} is one IMMEDIATE transaction holding
 * the new events and the journal positions they reach. {@code synchronous=NORMAL} is enough for
 * exactly-once: a power loss may roll back the last commits, but events and positions roll back
 * together and the journal still holds those events for the next drain.
 */
public final class SqliteEventStore implements EventStore {
    static final String MIGRATIONS = "db/migration";
    private static final String DESTINATION = "COALESCE(host, ip, '?')";
    /** host:port, or the bare host for a refused lookup, which has no port (-1). */
    private static final String DESTINATION_WITH_PORT = "(" + DESTINATION + " || CASE WHEN port >= 0 THEN ':' || port ELSE '' END)";

    private static final String INSERT = "INSERT INTO events (id, time, action, rule, severity, api, host, port, ip,"
            + " vendor, culprit_frame, culprit_jar, culprit_gav, thread, jvm_pid, jvm_host, jvm_main_class, journal,"
            + " count, dropped, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING";
    private static final String UPSERT_POSITION = "INSERT INTO journal_positions (journal, last_index, updated_at)"
            + " VALUES (?, ?, ?) ON CONFLICT (journal) DO UPDATE SET last_index = excluded.last_index,"
            + " updated_at = excluded.updated_at WHERE excluded.last_index > journal_positions.last_index";

    private final Path path;
    private final Connection connection;

    private SqliteEventStore(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    /** Opens (and with {@code create}, first creates owner-only) the database file. */
    public static SqliteEventStore open(Path path, boolean create) {
        if (Files.isDirectory(path)) {
            throw new CollectorException("store sqlite:" + path + " is a directory, not a database file");
        }
        if (!Files.exists(path)) {
            if (!create) {
                throw new CollectorException("store sqlite:" + path + " does not exist (run 'egressguard drain' first)");
            }
            // Created 0600 before SQLite sees it: SQLite gives its -wal and -shm files the same mode.
            OwnerOnlyFiles.createFile(path);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(10_000);
        try {
            Connection connection = config.createConnection("jdbc:sqlite:" + path);
            connection.setAutoCommit(false);
            OwnerOnlyFiles.restrict(Path.of(path + "-wal"));
            OwnerOnlyFiles.restrict(Path.of(path + "-shm"));
            return new SqliteEventStore(path, connection);
        } catch (SQLException e) {
            throw new CollectorException("store sqlite:" + path + " cannot be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public void migrate() {
        try {
            connection.setAutoCommit(true);
            new Migrations(MIGRATIONS).apply(connection);
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw fail("cannot create or upgrade the schema", e);
        }
    }

    @Override
    public Map<String, Long> positions() {
        Map<String, Long> positions = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT journal, last_index FROM journal_positions");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                positions.put(rs.getString(1), rs.getLong(2));
            }
            connection.commit();
        } catch (SQLException e) {
            throw fail("cannot read journal positions", e);
        }
        return positions;
    }

    @Override
    public int commit(List<StoredEvent> events, Map<String, Long> positions) {
        try {
            int inserted = 0;
            if (!events.isEmpty()) {
                try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                    for (StoredEvent stored : events) {
                        bind(ps, stored);
                        ps.addBatch();
                    }
                    for (int n : ps.executeBatch()) {
                        inserted += Math.max(n, 0);
                    }
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
            return inserted;
        } catch (SQLException e) {
            rollbackQuietly();
            throw fail("cannot commit " + events.size() + " events", e);
        }
    }

    private static void bind(PreparedStatement ps, StoredEvent stored) throws SQLException {
        Event e = stored.event();
        ps.setString(1, e.id);
        ps.setLong(2, e.time);
        ps.setString(3, e.action == null ? null : e.action.wireName());
        ps.setString(4, e.rule);
        ps.setString(5, e.severity == null ? null : e.severity.wireName());
        ps.setString(6, e.api);
        ps.setString(7, e.host == null ? null : e.host.toLowerCase(Locale.ROOT));
        ps.setInt(8, e.port);
        ps.setString(9, e.ip);
        ps.setString(10, e.vendor);
        ps.setString(11, e.culprit == null ? null : e.culprit.frame);
        ps.setString(12, e.culprit == null ? null : e.culprit.jar);
        ps.setString(13, e.culprit == null ? null : e.culprit.gav);
        ps.setString(14, e.thread);
        if (e.jvm == null) {
            ps.setNull(15, Types.INTEGER);
            ps.setNull(16, Types.VARCHAR);
            ps.setNull(17, Types.VARCHAR);
        } else {
            ps.setLong(15, e.jvm.pid);
            ps.setString(16, e.jvm.hostname);
            ps.setString(17, e.jvm.mainClass);
        }
        ps.setString(18, stored.journal());
        ps.setInt(19, e.count);
        ps.setLong(20, e.dropped);
        ps.setString(21, stored.json());
    }

    @Override
    public void forEachEventJson(EventFilter filter, Consumer<String> sink) {
        Where where = Where.of(filter);
        String sql = "SELECT json FROM events" + where.sql + " ORDER BY time, id";
        query(sql, where, rs -> sink.accept(rs.getString(1)), "cannot read events");
    }

    @Override
    public Optional<String> eventJson(String id) {
        List<String> out = new ArrayList<>(1);
        query("SELECT json FROM events WHERE id = ?", new Where("", List.of(id)), rs -> out.add(rs.getString(1)),
                "cannot read event " + id);
        return out.stream().findFirst();
    }

    @Override
    public Summary summary(EventFilter filter) {
        Where where = Where.of(filter);
        String sql = "SELECT COUNT(*), MIN(time), MAX(time), COUNT(DISTINCT journal),"
                + " COALESCE(SUM(CASE WHEN action = 'blocked' THEN count END), 0),"
                + " COALESCE(SUM(CASE WHEN action = 'monitored' THEN count END), 0),"
                + " COALESCE(SUM(CASE WHEN action = 'allowed' THEN count END), 0),"
                + " COUNT(DISTINCT " + DESTINATION_WITH_PORT + "),"
                + " COALESCE(SUM(dropped), 0) FROM events" + where.sql;
        List<Summary> out = new ArrayList<>(1);
        query(sql, where, rs -> out.add(new Summary(rs.getLong(1), nullableLong(rs, 2), nullableLong(rs, 3),
                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9))),
                "cannot summarise events");
        return out.get(0);
    }

    @Override
    public List<Destination> byDestination(EventFilter filter, int limit) {
        Where where = Where.of(filter);
        String sql = "SELECT " + DESTINATION + " AS destination, port, MAX(vendor), SUM(count) AS attempts,"
                + " MIN(time), MAX(time), action, group_concat(DISTINCT api) FROM events" + where.sql
                + " GROUP BY destination, port, action ORDER BY attempts DESC, destination, port, action LIMIT " + limit;
        List<Destination> out = new ArrayList<>();
        query(sql, where, rs -> out.add(new Destination(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8))), "cannot group events by destination");
        return out;
    }

    @Override
    public List<Culprit> byCulprit(EventFilter filter, int limit) {
        Where where = Where.of(filter);
        String sql = "SELECT COALESCE(culprit_frame, '(unknown)') AS frame, COALESCE(culprit_gav, culprit_jar, '') AS origin,"
                + " SUM(count) AS attempts, COUNT(DISTINCT " + DESTINATION_WITH_PORT + "),"
                + " group_concat(DISTINCT " + DESTINATION_WITH_PORT + ") FROM events" + where.sql
                + " GROUP BY frame, origin ORDER BY attempts DESC, frame, origin LIMIT " + limit;
        List<Culprit> out = new ArrayList<>();
        query(sql, where, rs -> out.add(new Culprit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getString(5))), "cannot group events by culprit");
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

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Where where, RowHandler handler, String what) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < where.args.size(); i++) {
                ps.setObject(i + 1, where.args.get(i));
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

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private CollectorException fail(String what, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
        return new CollectorException("store sqlite:" + path + ": " + what + ": " + message, e);
    }

    /** A WHERE clause and its arguments for an {@link EventFilter}. */
    private static final class Where {
        final String sql;
        final List<Object> args;

        private Where(String sql, List<Object> args) {
            this.sql = sql;
            this.args = args;
        }

        static Where of(EventFilter f) {
            List<String> terms = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (f.sinceNanos() != null) {
                terms.add("time >= ?");
                args.add(f.sinceNanos());
            }
            if (f.untilNanos() != null) {
                terms.add("time < ?");
                args.add(f.untilNanos());
            }
            if (f.hostGlob() != null) {
                // hosts are stored lower-case, so a lower-cased glob matches case-insensitively
                terms.add("(host GLOB ? OR (host IS NULL AND ip GLOB ?))");
                String glob = f.hostGlob().toLowerCase(Locale.ROOT);
                args.add(glob);
                args.add(glob);
            }
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
            return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), args);
        }
    }
}
