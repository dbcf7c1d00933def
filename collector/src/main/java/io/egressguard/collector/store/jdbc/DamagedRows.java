package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.store.Damage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The {@code damaged} table (SQLite v7, PostgreSQL v6): what damage cost, once per journal and first index. */
final class DamagedRows {
    private static final String INSERT = "INSERT INTO damaged (journal, first_index, last_index, cycle_file, reason, found_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (journal, first_index) DO NOTHING";

    private DamagedRows() {
    }

    static void insert(Connection connection, List<Damage> damaged) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            long now = System.currentTimeMillis();
            for (Damage d : damaged) {
                ps.setString(1, d.journal());
                ps.setLong(2, d.firstIndex());
                if (d.lastIndex() < 0) {
                    ps.setNull(3, Types.BIGINT);
                } else {
                    ps.setLong(3, d.lastIndex());
                }
                ps.setString(4, d.cycleFile());
                ps.setString(5, d.reason());
                ps.setLong(6, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static boolean exists(Connection connection) throws SQLException {
        for (String name : new String[] {"damaged", "DAMAGED"}) {
            try (ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(), name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<Damage> all(Connection connection) throws SQLException {
        List<Damage> all = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT journal, cycle_file, first_index, last_index, reason FROM damaged ORDER BY found_at, journal, first_index");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long last = rs.getLong(4);
                all.add(new Damage(rs.getString(1), rs.getString(2), rs.getLong(3), rs.wasNull() ? -1 : last, rs.getString(5)));
            }
        }
        return all;
    }
}
