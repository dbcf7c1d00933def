package io.egressguard.collector.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Copies committed WAL pages into the database file on its own thread and connection, so the drain's
 * writer does not stop to do it on every thousandth page (SQLite's automatic checkpoint runs inside
 * the commit that crosses the limit). On two cores this is the part of a write that can run beside
 * the b-tree work. PASSIVE: it never waits for, nor blocks, the writer or a reader.
 */
final class Checkpointer implements AutoCloseable {
    private final Thread thread;
    private final Object signal = new Object();
    private volatile boolean closed;
    private boolean pending;

    Checkpointer(Path path) {
        thread = new Thread(() -> run(path), "egressguard-sqlite-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    /** A transaction committed: there is something to copy. */
    void committed() {
        synchronized (signal) {
            pending = true;
            signal.notifyAll();
        }
    }

    private void run(Path path) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + path); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");
            while (!closed) {
                synchronized (signal) {
                    while (!pending && !closed) {
                        signal.wait();
                    }
                    pending = false;
                }
                if (!closed) {
                    st.execute("PRAGMA wal_checkpoint(PASSIVE)");
                }
            }
        } catch (SQLException | RuntimeException e) {
            // The writer's own automatic checkpoint (kept as a backstop) takes over.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
