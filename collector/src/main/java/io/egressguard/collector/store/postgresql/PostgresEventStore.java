package io.egressguard.collector.store.postgresql;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.jdbc.EventColumns;
import io.egressguard.collector.store.jdbc.JdbcEventStore;
import io.egressguard.collector.store.jdbc.Migrations;
import io.egressguard.collector.store.jdbc.PreparedRows;
import io.egressguard.collector.store.jdbc.Rollup;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Events in PostgreSQL. A batch goes in with one COPY straight into {@code events}: one round trip
 * for the rows, and the rows written once. A batch holding an event that is already stored (read
 * again after lost positions) makes the primary key refuse that COPY; the batch then goes through a
 * session temp table and {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}, which skips the
 * duplicates. Events and positions commit in one transaction, as in SQLite.
 */
public final class PostgresEventStore extends JdbcEventStore {
    static final String MIGRATIONS = "db/migration/postgresql";
    private static final String STAGING = "egressguard_incoming";

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int SAFE_BATCHES_AFTER_DUPLICATE = 50;

    /**
     * The driver logs through java.util.logging, whose default console handler prints its WARNING
     * lines ("Connection error: ...") on stderr beside the store's own one-line message, which already
     * says what failed. Off before the first connection; held here because java.util.logging keeps
     * loggers only weakly, and a collected logger would forget its level.
     */
    private static final Logger DRIVER_LOG = quiet(Logger.getLogger("org.postgresql"));

    private final CopyManager copy;
    private boolean stagingReady;
    private int safeBatchesLeft;

    private PostgresEventStore(String label, Connection connection) throws SQLException {
        super(label, connection, MIGRATIONS);
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.OFF);
        return logger;
    }

    /** Connects; with {@code create}, a {@code currentSchema} that does not exist yet is created. */
    public static PostgresEventStore open(PostgresTarget target, boolean create) {
        Properties props = new Properties();
        props.putAll(target.properties());
        // A store that is down must fail fast so the drain can pause it and carry on with the others.
        props.putIfAbsent("connectTimeout", "5");
        props.putIfAbsent("socketTimeout", "120");
        props.putIfAbsent("ApplicationName", "egressguard-collector");
        try {
            Connection connection = DriverManager.getConnection(target.jdbcUrl(), props);
            try {
                if (create && target.schema() != null) {
                    // Under the migrations' lock: two collectors creating the schema at once would
                    // otherwise collide in pg_namespace despite IF NOT EXISTS.
                    try (Migrations.Held lock = Migrations.lockPostgres(connection);
                         Statement st = connection.createStatement()) {
                        st.executeUpdate("CREATE SCHEMA IF NOT EXISTS \"" + target.schema().replace("\"", "\"\"") + "\"");
                    }
                }
                connection.setAutoCommit(false);
                return new PostgresEventStore(target.display(), connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
            throw new CollectorException("store " + target.display() + " cannot be opened: " + message, e);
        }
    }

    @Override
    protected List<Object[]> insert(List<Object[]> events) throws SQLException {
        byte[] rows = CopyBinary.encode(events, EventColumns.COUNT);
        if (safeBatchesLeft > 0) {
            safeBatchesLeft--;
        } else {
            // Straight into the table: the primary key still refuses a duplicate, and then the whole
            // COPY is undone (to the savepoint) and the batch goes the deduplicating way below.
            Savepoint before = connection.setSavepoint();
            try {
                copyIn("events", rows);
                connection.releaseSavepoint(before);
                return events;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(before);
                // Events already stored: a re-drain after lost positions, where the next batches
                // will be duplicates too. Deduplicate a while before trying the direct way again.
                safeBatchesLeft = SAFE_BATCHES_AFTER_DUPLICATE;
            }
        }
        if (!stagingReady) {
            try (Statement st = connection.createStatement()) {
                st.executeUpdate("CREATE TEMP TABLE IF NOT EXISTS " + STAGING + " (LIKE events INCLUDING DEFAULTS)"
                        + " ON COMMIT DELETE ROWS");
            }
            stagingReady = true;
        }
        copyIn(STAGING, rows);
        Set<String> added = new HashSet<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("INSERT INTO events (" + EventColumns.NAMES + ") SELECT " + EventColumns.NAMES
                     + " FROM " + STAGING + " ON CONFLICT (id) DO NOTHING RETURNING id")) {
            while (rs.next()) {
                added.add(rs.getString(1));
            }
        }
        List<Object[]> inserted = new ArrayList<>(added.size());
        for (Object[] row : events) {
            if (added.remove((String) row[0])) { // removed: a batch holding one id twice stored it once
                inserted.add(row);
            }
        }
        return inserted;
    }

    /**
     * The server sums the batch's new events itself (by id, just written in this transaction) into
     * each rollup, so the read thread need not. Summing them in the collector and sending the sums (a
     * statement per row, or a binary COPY into a temp table) costs the collector 10-18 us per event
     * where nearly every event is a rollup row of its own (DrainBench: hosts and stacks vary independently).
     */
    @Override
    protected boolean sumsRollupsInMemory() {
        return false;
    }

    @Override
    protected void mergeRollups(List<Object[]> added, PreparedRows batch) throws SQLException {
        String[] ids = new String[added.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (String) added.get(i)[0];
        }
        java.sql.Array array = connection.createArrayOf("text", ids);
        try {
            for (Rollup rollup : Rollup.ALL) {
                try (java.sql.PreparedStatement ps = connection.prepareStatement(rollup.mergeEvents())) {
                    ps.setArray(1, array);
                    ps.executeUpdate();
                }
            }
        } finally {
            array.free();
        }
    }

    private void copyIn(String table, byte[] rows) throws SQLException {
        try {
            copy.copyIn("COPY " + table + " (" + EventColumns.NAMES + ") FROM STDIN (FORMAT binary)", new ByteArrayInputStream(rows), 1 << 16);
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected void rollbackQuietly() {
        // The temp table may have been created in the transaction that rolls back.
        stagingReady = false;
        super.rollbackQuietly();
    }

    @Override
    protected String joinDistinct(String expr) {
        return "string_agg(DISTINCT " + expr + ", ',' ORDER BY " + expr + ")";
    }

    @Override
    protected String globMatch(String column) {
        return column + " ~ ?";
    }

    /** Shell glob to an anchored regular expression: {@code *}, {@code ?}, {@code [..]} as in SQLite's GLOB. */
    @Override
    protected String globArgument(String glob) {
        StringBuilder re = new StringBuilder("^");
        boolean inClass = false;
        for (char c : glob.toCharArray()) {
            if (inClass) {
                re.append(c == '\\' ? "\\\\" : String.valueOf(c));
                inClass = c != ']';
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                re.append('[');
                inClass = true;
            } else if ("\\.^$+(){}|".indexOf(c) >= 0) {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        return re.append('$').toString();
    }
}
