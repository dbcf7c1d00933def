package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's drop-count records (count 0: no attempt, only {@code dropped}), which a SQL store keeps
 * in {@code agent_drops} rather than in {@code events}: they are no destination, so no report may
 * list them, but every dropped total adds them (schema v6; PostgreSQL v5).
 */
final class AgentDrops {
    private static final String INSERT = "INSERT INTO agent_drops (id, time, journal, jvm_pid, jvm_host, dropped)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

    private AgentDrops() {
    }

    static boolean isDropCount(Event e) {
        return e.count == 0;
    }

    static List<StoredEvent> of(List<StoredEvent> events) {
        List<StoredEvent> drops = null;
        for (StoredEvent e : events) {
            if (isDropCount(e.event())) {
                if (drops == null) {
                    drops = new ArrayList<>(1);
                }
                drops.add(e);
            }
        }
        return drops == null ? List.of() : drops;
    }

    static List<StoredEvent> without(List<StoredEvent> events) {
        List<StoredEvent> rest = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            if (!isDropCount(e.event())) {
                rest.add(e);
            }
        }
        return rest;
    }

    /** Inserts the records not stored yet, in the open transaction; returns how many were new. */
    static int insert(Connection connection, List<StoredEvent> drops) throws SQLException {
        int added = 0;
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            for (StoredEvent stored : drops) {
                Event e = stored.event();
                ps.setString(1, e.id);
                ps.setLong(2, e.time);
                ps.setString(3, stored.journal());
                if (e.jvm != null) {
                    ps.setLong(4, e.jvm.pid);
                    ps.setString(5, e.jvm.hostname);
                } else {
                    ps.setNull(4, java.sql.Types.BIGINT);
                    ps.setNull(5, java.sql.Types.VARCHAR);
                }
                ps.setLong(6, e.dropped);
                added += ps.executeUpdate();
            }
        }
        return added;
    }

    /** The filter's terms that apply to drop counts; null when the filter excludes them all (a host or an action). */
    static JdbcEventStore.Where where(EventFilter f) {
        if (f.hostGlob() != null || f.action() != null) {
            return null;
        }
        List<String> terms = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        JdbcEventStore.timeTerms(f, terms, args);
        JdbcEventStore.actionAndJvmTerms(f, terms, args); // no action here: the JVM's terms
        return JdbcEventStore.Where.of(terms, args);
    }
}
