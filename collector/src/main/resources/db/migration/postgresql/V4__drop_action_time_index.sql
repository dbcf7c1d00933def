-- The (action, time) index goes, as in SQLite (schema v5 there): queries that filter on the action
-- also have a time range (events_time) or read the rollups, and the index cost each drained event an
-- index insert and its WAL (docs/BENCHMARKS.md, "Collector", 2026-12-03).
DROP INDEX IF EXISTS events_action_time;
