package io.egressguard.collector.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One per-hour rollup table of the events: a row per hour and distinct tuple of the grouping columns,
 * with the records, attempts, dropped events, payload bytes and first/last time of its events. The
 * report reads whole hours from here and only the partial hours at the edges of a range from
 * {@code events}; the drain adds each batch's new events in the same transaction as the events.
 *
 * <p>A tuple holds nulls, which neither database's unique keys can conflict on, so each row also has
 * {@code k}: the tuple encoded without loss (each value as {@code <length>:<text>}, a null as
 * {@code ~}), always computed by the database with {@link #keySql}, by the drain's merge as by the
 * backfill. The primary key is (hour_start, k): one hour's rows lie together, so a batch dirties few pages.
 */
public final class Rollup {
    public static final long HOUR_NANOS = 3_600_000_000_000L;
    /** The start of an event's hour, the same in SQLite and PostgreSQL (whose % truncates, as Java's does). */
    static final String HOUR_OF_TIME = "time - (((time % " + HOUR_NANOS + ") + " + HOUR_NANOS + ") % " + HOUR_NANOS + ")";
    /** A destination: the host, else the IP. Stored this way it matches a --host glob as the events' filter does. */
    static final String DEST_OF_EVENT = "COALESCE(host, ip)";

    /** Destinations, totals, JVMs and the hourly timeline. */
    public static final Rollup DESTINATIONS = new Rollup("rollup_destinations",
            List.of(new Column("dest", DEST_OF_EVENT, -1), new Column("port", "port", 7), new Column("api", "api", 5),
                    new Column("action", "action", 2), new Column("severity", "severity", 4), new Column("vendor", "vendor", 9),
                    new Column("journal", "journal", 17), new Column("jvm_pid", "jvm_pid", 14),
                    new Column("jvm_host", "jvm_host", 15), new Column("jvm_main_class", "jvm_main_class", 16)));
    /** Call sites, dependencies and code paths (stacks), with the destination, action and JVM the filters need. */
    public static final Rollup CODE_PATHS = new Rollup("rollup_code_paths",
            List.of(new Column("culprit_frame", "culprit_frame", 10), new Column("culprit_gav", "culprit_gav", 12),
                    new Column("culprit_jar", "culprit_jar", 11), new Column("stack_hash", "stack_hash", 24),
                    new Column("dest", DEST_OF_EVENT, -1), new Column("port", "port", 7), new Column("action", "action", 2),
                    new Column("jvm_pid", "jvm_pid", 14), new Column("jvm_host", "jvm_host", 15),
                    // last: schema v8 appended them to every existing row's k as nulls
                    new Column("culprit_purl", "culprit_purl", 26), new Column("culprit_evidence", "culprit_evidence", 27)));
    public static final List<Rollup> ALL = List.of(DESTINATIONS, CODE_PATHS);

    /** The rollup's aggregates, in order; the events' expressions are per record. */
    static final String MEASURES = "records, attempts, dropped, payload_bytes, first_time, last_time";
    /** Merges a row into one with the same hour and key: sums add up, the time range widens. */
    private static final String ON_CONFLICT = " ON CONFLICT (hour_start, k) DO UPDATE SET"
            + " records = {t}.records + excluded.records, attempts = {t}.attempts + excluded.attempts,"
            + " dropped = {t}.dropped + excluded.dropped, payload_bytes = {t}.payload_bytes + excluded.payload_bytes,"
            + " first_time = CASE WHEN excluded.first_time < {t}.first_time THEN excluded.first_time ELSE {t}.first_time END,"
            + " last_time = CASE WHEN excluded.last_time > {t}.last_time THEN excluded.last_time ELSE {t}.last_time END";

    private static final int TIME = 1;
    private static final int HOST = 6;
    private static final int IP = 8;
    private static final int COUNT = 18;
    private static final int DROPPED = 19;
    private static final int PAYLOAD_SIZE = 23;

    /**
     * A grouping column: its name in the rollup, its expression over {@code events}, and its index in
     * {@link EventColumns#values} (-1: the destination, host else IP).
     */
    record Column(String name, String ofEvent, int valueIndex) {
        Object of(Object[] row) {
            return valueIndex >= 0 ? row[valueIndex] : row[HOST] != null ? row[HOST] : row[IP];
        }
    }

    private final String table;
    private final List<Column> columns;
    private final String names;

    private Rollup(String table, List<Column> columns) {
        this.table = table;
        this.columns = columns;
        this.names = String.join(", ", columns.stream().map(Column::name).toList());
    }

    public String table() {
        return table;
    }

    /**
     * This rollup with only its first {@code n} grouping columns: the table as an earlier schema made
     * it (columns are only ever appended), for checking the migrations' own SQL.
     */
    Rollup firstColumns(int n) {
        return new Rollup(table, columns.subList(0, n));
    }

    /** The grouping columns' names, comma-separated, in the table's order. */
    String columnNames() {
        return names;
    }

    /**
     * The statement that fills this rollup from the events {@code eventsWhere} selects ("" for all of
     * them): what the migration that created the table runs for existing stores, and what purge runs
     * for the hour it cuts.
     */
    public String backfill(String eventsWhere) {
        StringBuilder inner = new StringBuilder("SELECT " + HOUR_OF_TIME + " AS h");
        for (Column c : columns) {
            inner.append(", ").append(c.ofEvent().equals(c.name()) ? c.name() : c.ofEvent() + " AS " + c.name());
        }
        inner.append(", count, dropped, payload_size, time FROM events").append(eventsWhere);
        return "INSERT INTO " + table + " (hour_start, k, " + names + ", " + MEASURES + ")\nSELECT h, " + keySql() + ", " + names
                + ",\n       COUNT(*), SUM(count), SUM(dropped), COALESCE(SUM(CASE WHEN payload_size > 0 THEN payload_size END), 0),"
                + " MIN(time), MAX(time)\n  FROM (" + inner + ") e\n GROUP BY h, " + names + ";";
    }

    /**
     * Adds the stored events whose ids the array parameter holds, summed by the database with the
     * backfill's own statement: for a server, one round trip instead of the rows' values.
     */
    public String mergeEvents() {
        String fill = backfill(" WHERE id = ANY(?)");
        return fill.substring(0, fill.length() - 1) + ON_CONFLICT.replace("{t}", table);
    }

    /** The tuple encoded without loss: each value as its length in characters, ':' and its text; a null as '~'. */
    String keySql() {
        List<String> parts = new ArrayList<>();
        for (Column c : columns) {
            String text = "CAST(" + c.name() + " AS TEXT)";
            parts.add("CASE WHEN " + c.name() + " IS NULL THEN '~' ELSE CAST(length(" + text + ") AS TEXT) || ':' || " + text + " END");
        }
        return String.join("\n       || ", parts);
    }

    /**
     * Newly stored rows (values in {@link EventColumns#NAMES} order) summed per hour and tuple, in
     * memory: the rows to merge into this rollup, in {@link #summedColumns} order. A batch of events
     * makes far fewer of them.
     */
    List<Object[]> sum(List<Object[]> rows) {
        Map<Group, long[]> groups = new HashMap<>();
        for (Object[] row : rows) {
            long time = ((Number) row[TIME]).longValue();
            Object[] tuple = new Object[columns.size()];
            for (int i = 0; i < tuple.length; i++) {
                tuple[i] = columns.get(i).of(row);
            }
            long[] m = groups.computeIfAbsent(new Group(Math.floorDiv(time, HOUR_NANOS) * HOUR_NANOS, Arrays.asList(tuple)),
                    g -> new long[] {0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            m[0]++;
            m[1] += ((Number) row[COUNT]).longValue();
            m[2] += ((Number) row[DROPPED]).longValue();
            Object payload = row[PAYLOAD_SIZE];
            if (payload != null && ((Number) payload).longValue() > 0) {
                m[3] += ((Number) payload).longValue();
            }
            m[4] = Math.min(m[4], time);
            m[5] = Math.max(m[5], time);
        }
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Map.Entry<Group, long[]> g : groups.entrySet()) {
            List<Object> tuple = g.getKey().tuple();
            Object[] values = new Object[width()];
            values[0] = g.getKey().hour();
            for (int i = 0; i < tuple.size(); i++) {
                values[1 + i] = tuple.get(i);
            }
            for (int i = 0; i < 6; i++) {
                values[1 + tuple.size() + i] = g.getValue()[i];
            }
            out.add(values);
        }
        return out;
    }

    /** The columns of {@link #sum}'s rows: all but k, which the database computes ({@link #keySql}) as it merges them. */
    String summedColumns() {
        return "hour_start, " + names + ", " + MEASURES;
    }

    /** How many columns {@link #sum}'s rows have. */
    private int width() {
        return columns.size() + 7;
    }

    /** Adds {@link #sum}'s rows one statement each (a JDBC batch): what SQLite, in process, does cheaply. */
    void upsert(Connection connection, List<Object[]> sums) throws SQLException {
        StringBuilder row = new StringBuilder("SELECT ? AS hour_start");
        for (Column c : columns) {
            row.append(", ? AS ").append(c.name());
        }
        for (String m : MEASURES.split(", ")) {
            row.append(", ? AS ").append(m);
        }
        try (PreparedStatement ps = connection.prepareStatement(mergeFrom("(" + row + ") r"))) {
            for (Object[] values : sums) {
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Adds the rows of {@code source} ({@link #summedColumns}, one row per key) in one statement, k
     * computed by the same SQL as the backfill's. (WHERE true: SQLite's grammar needs it before ON CONFLICT.)
     */
    private String mergeFrom(String source) {
        return "INSERT INTO " + table + " (hour_start, k, " + names + ", " + MEASURES + ") SELECT hour_start, " + keySql()
                + ", " + names + ", " + MEASURES + " FROM " + source + " WHERE true" + ON_CONFLICT.replace("{t}", table);
    }

    private record Group(long hour, List<Object> tuple) {
    }
}
