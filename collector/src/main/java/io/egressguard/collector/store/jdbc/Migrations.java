package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.CollectorException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies the numbered SQL files under a resource folder ({@code V<n>__<what>.sql}) that a database
 * has not seen yet, in order, each in its own transaction together with its {@code schema_version}
 * row. A schema changes only by adding a file; an applied file that later changes is an error.
 *
 * <p>Collectors that start together may migrate one database at the same moment, so checking and
 * applying happen under a lock: PostgreSQL's session advisory lock {@link #POSTGRES_LOCK} (held across
 * the migrations' own transactions), and in SQLite one {@code BEGIN IMMEDIATE} transaction, which
 * takes the write lock before {@code schema_version} is read and waits for another's (busy timeout).
 */
public final class Migrations {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    record Migration(int version, String description, String resource, String sql, String checksum) {
    }

    /** The advisory lock key that creating or migrating an egressguard schema in PostgreSQL takes ("eg_migr"). */
    public static final long POSTGRES_LOCK = 0x65675f6d696772L;
    /** How long SQLite waits for another connection's write lock, unless the connection says otherwise. */
    private static final int SQLITE_BUSY_MILLIS = 10_000;

    /** A lock held until closed. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    private final String folder;

    public Migrations(String folder) {
        this.folder = folder.endsWith("/") ? folder : folder + "/";
    }

    /** Applies pending migrations; returns how many were applied. */
    public int apply(Connection connection) throws SQLException {
        return apply(connection, Integer.MAX_VALUE);
    }

    /** Applies pending migrations up to {@code throughVersion}: how an upgrade from an older store is tested. */
    int apply(Connection connection, int throughVersion) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if ("SQLite".equalsIgnoreCase(product)) {
            return applyInOneImmediateTransaction(connection, throughVersion);
        }
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            try (Held lock = lockPostgres(connection)) {
                return applyUnlocked(connection, throughVersion, true);
            }
        }
        return applyUnlocked(connection, throughVersion, true);
    }

    /**
     * Takes the session advisory lock {@link #POSTGRES_LOCK}, waiting for another collector that
     * holds it; the connection must be in auto-commit mode.
     */
    public static Held lockPostgres(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, POSTGRES_LOCK);
            ps.executeQuery().close();
        }
        return () -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, POSTGRES_LOCK);
                ps.executeQuery().close();
            }
        };
    }

    /**
     * SQLite: the check and every pending migration in one transaction begun IMMEDIATE, so a second
     * connection waits at its BEGIN until the first has committed, then finds nothing left to do.
     */
    private int applyInOneImmediateTransaction(Connection connection, int throughVersion) throws SQLException {
        try (Statement st = connection.createStatement()) {
            int busy;
            try (ResultSet rs = st.executeQuery("PRAGMA busy_timeout")) {
                busy = rs.next() ? rs.getInt(1) : 0;
            }
            if (busy <= 0) {
                st.execute("PRAGMA busy_timeout = " + SQLITE_BUSY_MILLIS);
            }
            st.execute("BEGIN IMMEDIATE");
        }
        boolean committed = false;
        try {
            int count = applyUnlocked(connection, throughVersion, false);
            try (Statement st = connection.createStatement()) {
                st.execute("COMMIT");
            }
            committed = true;
            return count;
        } finally {
            if (!committed) {
                try (Statement st = connection.createStatement()) {
                    st.execute("ROLLBACK");
                } catch (SQLException e) {
                    // no transaction is left open: nothing to roll back
                }
            }
        }
    }

    /**
     * Checks and applies; with {@code ownTransactions}, each migration commits on its own (the caller
     * holds a lock), otherwise the caller's open transaction holds them all.
     */
    private int applyUnlocked(Connection connection, int throughVersion, boolean ownTransactions) throws SQLException {
        List<Migration> all = load().stream().filter(m -> m.version() <= throughVersion).toList();
        try (Statement st = connection.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        }
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        int newest = all.isEmpty() ? 0 : all.get(all.size() - 1).version();
        for (Map.Entry<Integer, String> done : applied.entrySet()) {
            if (done.getKey() > newest) {
                throw new CollectorException("store schema version " + done.getKey()
                        + " is newer than this collector knows (" + newest + "): use a newer collector");
            }
        }
        int count = 0;
        for (Migration m : all) {
            String checksum = applied.get(m.version());
            if (checksum != null) {
                if (!checksum.equals(m.checksum())) {
                    throw new CollectorException("migration " + m.resource() + " changed after it was applied to this store");
                }
                continue;
            }
            if (!ownTransactions) {
                try {
                    run(connection, m);
                } catch (SQLException | RuntimeException e) {
                    throw new CollectorException("migration " + m.resource() + " failed: " + e.getMessage(), e);
                }
                count++;
                continue;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                run(connection, m);
                connection.commit();
                count++;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw new CollectorException("migration " + m.resource() + " failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
        return count;
    }

    /** One migration's statements and its {@code schema_version} row, in the open transaction. */
    private static void run(Connection connection, Migration m) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements(m.sql())) {
                st.executeUpdate(sql);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO schema_version (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setString(3, m.checksum());
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    /** The migration files in version order; a gap or a duplicate version is a packaging error. */
    List<Migration> load() {
        TreeMap<Integer, Migration> byVersion = new TreeMap<>();
        for (String name : list()) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                continue;
            }
            int version = Integer.parseInt(m.group(1));
            String resource = folder + name;
            String sql = read(resource);
            Migration migration = new Migration(version, m.group(2).replace('_', ' '), resource, sql, sha256(sql));
            if (byVersion.put(version, migration) != null) {
                throw new IllegalStateException("two migrations with version " + version + " in " + folder);
            }
        }
        int expected = 1;
        for (int version : byVersion.keySet()) {
            if (version != expected++) {
                throw new IllegalStateException("migrations in " + folder + " skip version " + (expected - 1));
            }
        }
        return new ArrayList<>(byVersion.values());
    }

    /** Splits a script on semicolons that end a line; comment lines are dropped. Enough for DDL. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** File names in the resource folder, whether the classes run from a directory or a jar. */
    private List<String> list() {
        try {
            Path location = Path.of(Migrations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(location)) {
                Path dir = location.resolve(folder);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.forEach(p -> names.add(p.getFileName().toString()));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(folder) && n.indexOf('/', folder.length()) < 0 && n.length() > folder.length())
                            .forEach(n -> names.add(n.substring(folder.length())));
                }
            }
            return names;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list migrations in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
