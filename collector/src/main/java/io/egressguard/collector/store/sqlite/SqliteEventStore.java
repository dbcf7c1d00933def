package io.egressguard.collector.store.sqlite;

import io.egressguard.collector.store.Damage;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.OwnerOnlyFiles;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.collector.store.jdbc.EventColumns;
import io.egressguard.collector.store.jdbc.JdbcEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Events in one SQLite file in WAL mode. Each commit is one transaction holding the new events
 * and the journal positions they reach. {@code synchronous=NORMAL} is enough for
 * exactly-once: a power loss may roll back the last commits, but events and positions roll back
 * together and the journal still holds those events for the next drain.
 */
public final class SqliteEventStore extends JdbcEventStore {
    static final String MIGRATIONS = "db/migration";
    private static final String INSERT = "INSERT INTO events (" + EventColumns.NAMES + ") VALUES ("
            + "?, ".repeat(EventColumns.COUNT - 1) + "?) ON CONFLICT (id) DO NOTHING";

    /** Prepared once per connection: a prepare per batch would parse and plan the 26-column insert again. */
    private PreparedStatement insert;

    private final Checkpointer checkpointer;

    private SqliteEventStore(Path path, Connection connection, Checkpointer checkpointer) {
        super("sqlite:" + path, connection, MIGRATIONS);
        this.checkpointer = checkpointer;
    }

    /** Opens (and with {@code create}, first creates owner-only) the database file. */
    /** How long opening waits for another collector creating the same database (its busy timeout too). */
    private static final long OPEN_WAIT_NANOS = 10_000_000_000L;

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
        // DEFERRED: the JDBC driver begins the next transaction as soon as one commits, so an
        // IMMEDIATE one would hold the write lock while the drain idles, and 'drain --status',
        // 'events' or 'report' (and their own IMMEDIATE begin) would wait for it and fail. A commit's
        // first statement is a write, so it takes the lock (waiting up to the busy timeout) there.
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        config.setBusyTimeout(10_000);
        // 64 MiB page cache and in-memory temp tables: index maintenance of large batches stays off disk.
        config.setCacheSize(-65_536);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // Checkpoints run on their own thread (Checkpointer); the writer's own automatic one is only
        // a backstop, at 64 MiB of WAL, should that thread fall behind. Pages stay at SQLite's default
        // size: 16 KiB ones cost the drain more CPU per event, not less.
        config.setWalAutocheckpoint(16_384);
        try {
            Connection connection = connect(config, path);
            connection.setAutoCommit(false);
            OwnerOnlyFiles.restrict(Path.of(path + "-wal"));
            OwnerOnlyFiles.restrict(Path.of(path + "-shm"));
            return new SqliteEventStore(path, connection, new Checkpointer(path));
        } catch (SQLException e) {
            throw new CollectorException("store sqlite:" + path + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the connection, waiting out another collector that is creating the same database: on a
     * new file, switching it to WAL needs the lock, and SQLite answers SQLITE_BUSY at once there
     * instead of waiting the busy timeout.
     */
    private static Connection connect(SQLiteConfig config, Path path) throws SQLException {
        long deadline = System.nanoTime() + OPEN_WAIT_NANOS;
        while (true) {
            try {
                return config.createConnection("jdbc:sqlite:" + path);
            } catch (SQLException e) {
                if (!isBusy(e) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for " + path, e);
            }
        }
    }

    private static boolean isBusy(SQLException e) {
        return e.getErrorCode() == 5 || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
    }

    @Override
    protected List<Object[]> insert(List<Object[]> rows) throws SQLException {
        if (insert == null) {
            insert = connection.prepareStatement(INSERT);
        }
        for (Object[] values : rows) {
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        List<Object[]> inserted = new ArrayList<>(rows.size());
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) { // 0: the id was stored already (ON CONFLICT DO NOTHING)
                inserted.add(rows.get(i));
            }
        }
        return inserted;
    }

    @Override
    public int commit(List<StoredEvent> events, List<Damage> damaged, Map<String, Long> positions) {
        int n = super.commit(events, damaged, positions);
        checkpointer.committed();
        return n;
    }

    @Override
    protected String joinDistinct(String expr) {
        return "group_concat(DISTINCT " + expr + ")";
    }

    @Override
    protected String globMatch(String column) {
        return column + " GLOB ?";
    }

    @Override
    public void close() {
        try {
            if (insert != null) {
                insert.close();
            }
        } catch (SQLException e) {
            // closing the connection below releases it too
        }
        checkpointer.close();
        super.close();
    }
}
