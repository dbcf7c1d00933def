-- Schema v5: the (action, time) index goes. Every query that filters on the action also has a time
-- range or reads the rollups (reports, alerts, `events --action`), and events_time serves the range;
-- the index cost each drained event a b-tree insert: without it the drain measured 5-10 % faster
-- (docs/BENCHMARKS.md, "Collector", 2026-12-03).
DROP INDEX IF EXISTS events_action_time;
