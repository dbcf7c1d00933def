-- Schema v3: covering indexes for `egressguard report` (docs/report.md). SQLite groups by sorting, so
-- each report query groups by the plain columns of one of these indexes, in index order, and reads
-- them in that order instead of sorting a million rows; the index holds every column the query reads,
-- so the wide rows (the event JSON) are never touched. A 1M-event report went from about a minute to
-- seconds (docs/BENCHMARKS.md, "Reports").

-- host and ip end every index so that --host filters without reading the rows.

-- totals and timeline; --since/--until ranges. Replaces events_time (its prefix).
CREATE INDEX events_report_time ON events (time, action, severity, count, payload_size, dropped, host, ip);
-- JVMs, grouped by journal.
CREATE INDEX events_report_jvm ON events (journal, jvm_pid, jvm_host, jvm_main_class, count, time, host, ip);
-- by destination, grouped by host, ip, port, api; --host. Replaces events_destination.
CREATE INDEX events_report_destination ON events (host, ip, port, api, action, count, time, payload_size, vendor);
-- by call site and by dependency, grouped by frame, gav, jar and destination. Replaces events_culprit.
CREATE INDEX events_report_culprit ON events (culprit_frame, culprit_gav, culprit_jar, host, ip, port, count, time);
-- the code paths, grouped by stack.
CREATE INDEX events_report_stack ON events (stack_hash, count, time, host, ip);

DROP INDEX IF EXISTS events_time;
DROP INDEX IF EXISTS events_destination;
DROP INDEX IF EXISTS events_culprit;
