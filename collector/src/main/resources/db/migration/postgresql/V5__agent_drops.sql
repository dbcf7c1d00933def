-- Schema v5 for PostgreSQL: the agent's drop-count records, as db/migration/V6__agent_drops.sql (SQLite).
CREATE TABLE agent_drops (
    id             TEXT PRIMARY KEY,
    time           BIGINT NOT NULL,
    journal        TEXT NOT NULL,
    jvm_pid        BIGINT,
    jvm_host       TEXT,
    dropped        BIGINT NOT NULL
);
CREATE INDEX agent_drops_time ON agent_drops (time);
