-- Schema v6: the agent's drop-count records. A record with count 0 stands for no attempt: the agent
-- writes one (at exit, into its spill file) when events were dropped after its last record, so that
-- the store knows how many it never got. They are kept here, not in events, so that no report shows
-- them as a destination; the dropped totals (summary, report) add them. Idempotent on the id too.
CREATE TABLE agent_drops (
    id             TEXT PRIMARY KEY,
    time           INTEGER NOT NULL,          -- epoch nanoseconds UTC
    journal        TEXT NOT NULL,
    jvm_pid        INTEGER,
    jvm_host       TEXT,
    dropped        INTEGER NOT NULL
);
CREATE INDEX agent_drops_time ON agent_drops (time);
