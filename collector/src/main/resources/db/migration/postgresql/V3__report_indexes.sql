-- Schema v3 for PostgreSQL: one covering index for `egressguard report` (docs/report.md). PostgreSQL
-- groups with hash tables, so order does not matter; what costs is reading the wide heap rows (the
-- event JSON) once per section. With every column the report reads in this index, each section is an
-- index-only scan of a narrow index (once autovacuum has marked the table's pages all-visible, which
-- it does for insert-only tables too). Time leads, so --since/--until read a range of it. Replaces
-- events_time (its key).
CREATE INDEX events_report ON events (time) INCLUDE (action, severity, api, host, port, ip, vendor, culprit_frame,
    culprit_jar, culprit_gav, jvm_pid, jvm_host, jvm_main_class, journal, count, dropped, payload_size, stack_hash);

DROP INDEX IF EXISTS events_time;
