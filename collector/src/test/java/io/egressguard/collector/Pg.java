package io.egressguard.collector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's PostgreSQL on 127.0.0.1:5432 (trust auth, database {@code test}, user
 * {@code postgres}). Each test gets its own schema, dropped afterwards.
 */
public final class Pg implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    private static final String JDBC = "jdbc:postgresql://" + HOST + ":" + PORT + "/test?user=postgres";

    public final String schema;

    private Pg(String schema) {
        this.schema = schema;
    }

    /** A fresh, empty schema; skips the test when nothing listens on 127.0.0.1:5432. */
    public static Pg schema() {
        assumeTrue(listening(), "PostgreSQL tests skipped: nothing listens on " + HOST + ":" + PORT
                + " (start it, e.g. pg_ctlcluster 15 main start)");
        return new Pg("eg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** The store URL for this schema: the drain creates the schema on first use. */
    public String url() {
        return "postgresql://postgres@" + HOST + ":" + PORT + "/test?currentSchema=" + schema;
    }

    public long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public void exec(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(JDBC + "&currentSchema=" + schema);
    }

    /** A loopback port nothing listens on (bound, then released). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    static boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
