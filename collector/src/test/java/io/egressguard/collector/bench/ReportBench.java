package io.egressguard.collector.bench;

import io.egressguard.collector.report.forensic.ForensicReport;
import io.egressguard.collector.report.forensic.HtmlReport;
import io.egressguard.collector.report.forensic.JsonReport;
import io.egressguard.collector.report.forensic.MarkdownReport;
import io.egressguard.collector.report.forensic.ReportBuilder;
import io.egressguard.collector.report.forensic.ReportRenderer;
import io.egressguard.collector.report.forensic.TextReport;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import io.egressguard.collector.store.jdbc.Rollup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Report latency over N generated events, run by hand (bench/report.sh), not a test. The rows are
 * made by the database itself (a recursive CTE in SQLite, generate_series in PostgreSQL) into a
 * store whose schema the collector's own migrations created: 7 days, 200 destinations, 50 call
 * sites, 20 dependencies, 100 distinct stacks, a payload on every tenth event; then the rollups are
 * filled by the statements the migration that created them runs for existing stores.
 *
 * <pre>
 * ReportBench N STORE_URL...    prints one line per store and format: the median of 3 whole reports (queries and rendering)
 * ReportBench generate N STORE_URL   only fills the store
 * </pre>
 */
public final class ReportBench {
    private static final long T0 = 1_780_000_000_000_000_000L;
    /** 7 days over 1M events. */
    private static final long STEP_NANOS = 604_800_000L;

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("generate")) { // keep a store to look at: ReportBench generate N URL
            generate(StoreUrl.parse(args[2]), Integer.parseInt(args[1]));
            return;
        }
        int n = Integer.parseInt(args[0]);
        for (String url : Arrays.asList(args).subList(1, args.length)) {
            StoreUrl store = StoreUrl.parse(url);
            if (n > 0) { // 0: measure a store generated before
                long t = System.nanoTime();
                generate(store, n);
                System.out.printf("%s: generated %d events in %.1f s%n", url, n, (System.nanoTime() - t) / 1e9);
            }
            for (Map.Entry<String, EventFilter> filter : filters().entrySet()) {
                for (String format : List.of("text", "markdown", "json", "html")) {
                    double[] seconds = new double[Integer.getInteger("bench.runs", 3)];
                    for (int i = 0; i < seconds.length; i++) {
                        seconds[i] = once(store, filter.getValue(), format);
                    }
                    Arrays.sort(seconds);
                    System.out.printf("%s %-8s %-12s median %.2f s (min %.2f, max %.2f)%n", store.scheme(), format,
                            filter.getKey(), seconds[seconds.length / 2], seconds[0], seconds[seconds.length - 1]);
                }
            }
        }
    }

    private static Map<String, EventFilter> filters() {
        Map<String, EventFilter> out = new LinkedHashMap<>();
        out.put("all", EventFilter.ALL);
        out.put("last-2h", new EventFilter(T0 + 1_000_000L * STEP_NANOS - 7_200_000_000_000L, null, null, null));
        out.put("host=host1*", new EventFilter(null, null, "host1*", null));
        return out;
    }

    private static double once(StoreUrl url, EventFilter filter, String format) {
        long t = System.nanoTime();
        try (EventStore store = EventStores.open(url, false)) {
            ForensicReport report = new ReportBuilder(store, 50).build(filter,
                    new ForensicReport.Scope(Instant.now(), url.toString(), filter.sinceNanos(), filter.untilNanos(),
                            filter.hostGlob(), null, null, 50));
            ReportRenderer renderer = switch (format) {
                case "text" -> new TextReport(100);
                case "markdown" -> new MarkdownReport();
                case "json" -> new JsonReport();
                default -> new HtmlReport();
            };
            StringWriter out = new StringWriter();
            renderer.write(report, new PrintWriter(out));
            if (out.getBuffer().length() < 100) {
                throw new IllegalStateException("an empty report: " + out);
            }
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static void generate(StoreUrl url, int n) throws Exception {
        EventStores.open(url, true).close(); // the collector's migrations create the schema
        boolean pg = url.scheme().equals("postgresql");
        String jdbc = pg ? url.postgres().jdbcUrl() : "jdbc:sqlite:" + url.sqlitePath();
        Properties props = new Properties();
        if (pg) {
            props.putAll(url.postgres().properties());
        }
        try (Connection c = DriverManager.getConnection(jdbc, props); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM events");
            st.executeUpdate("DELETE FROM stacks");
            for (Rollup rollup : Rollup.ALL) {
                st.executeUpdate("DELETE FROM " + rollup.table());
            }
            String hex16 = pg ? "lpad(to_hex(%s), 16, '0')" : "printf('%%016x', %s)";
            String id = pg ? "lpad(to_hex(i), 32, '0')" : "printf('%032x', i)";
            String time = T0 + " + i * " + STEP_NANOS;
            String source = pg ? "FROM generate_series(0::bigint, " + (n - 1) + ") AS g(i)"
                    : "FROM (WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < " + (n - 1) + ") SELECT i FROM g) g";
            String stackSource = pg ? "FROM generate_series(0, 99) AS g(i)"
                    : "FROM (WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < 99) SELECT i FROM g) g";
            st.executeUpdate("INSERT INTO stacks (hash, frames, depth) SELECT " + String.format(hex16, "i") + ","
                    + " '[\"com.ex.C' || i || '.send(C.java:1)\",\"com.ex.Mid' || (i % 10) || '.call(Mid.java:2)\","
                    + "\"com.ex.Main.run(Main.java:3)\",\"java.lang.Thread.run(Thread.java:840)\"]', 4 " + stackSource);
            String payload = "CASE WHEN i % 10 = 0 THEN 100 + (i * 7919) % 100000 END";
            st.executeUpdate("INSERT INTO events (id, time, action, rule, severity, api, host, port, ip, vendor, culprit_frame,"
                    + " culprit_jar, culprit_gav, thread, jvm_pid, jvm_host, jvm_main_class, journal, count, dropped, json, method, url,"
                    + " payload_size, stack_hash) SELECT " + id + ", " + time + ","
                    + " CASE i % 10 WHEN 0 THEN 'allowed' WHEN 1 THEN 'monitored' ELSE 'blocked' END, 'deny-trackers',"
                    + " CASE i % 4 WHEN 0 THEN 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END,"
                    + " CASE i % 3 WHEN 0 THEN 'okhttp' WHEN 1 THEN 'socket' ELSE 'httpclient' END,"
                    + " 'host' || (i % 200) || '.example.com', 443, '203.0.113.' || (i % 250),"
                    + " CASE WHEN i % 200 < 20 THEN 'Vendor ' || (i % 20) END,"
                    + " 'com.ex.C' || (i % 50) || '.send(C.java:1)', '/app/lib/dep' || (i % 20) || '.jar',"
                    + " 'com.ex:dep' || (i % 20) || ':1.0', 'main', 1000 + i % 4, 'build-1', 'com.ex.App', 'jvm-' || (i % 4),"
                    + " 1 + i % 3, 0,"
                    + " '{\"v\":1,\"id\":\"' || " + id + " || '\",\"time\":' || (" + time + ") || ',\"action\":\"blocked\","
                    + "\"host\":\"host' || (i % 200) || '.example.com\",\"port\":443,\"count\":1,\"payload\":{\"size\":'"
                    + " || COALESCE(" + payload + ", -1) || ',\"preview\":\"{\\\"user\\\":' || i || '}\",\"previewEncoding\":\"text\"}}',"
                    + " 'POST', 'https://host' || (i % 200) || '.example.com/v1/events', " + payload + ", "
                    + String.format(hex16, "i % 100") + " " + source);
            // The rollups as a store upgraded to them gets them: the migration's own backfill statements.
            for (Rollup rollup : Rollup.ALL) {
                st.executeUpdate(rollup.backfill(""));
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            if (pg) { // what autovacuum does to a freshly filled, insert-only table
                c.setAutoCommit(true);
                st.execute("VACUUM ANALYZE events");
                st.execute("VACUUM ANALYZE stacks");
                for (Rollup rollup : Rollup.ALL) {
                    st.execute("VACUUM ANALYZE " + rollup.table());
                }
            }
        }
    }
}
