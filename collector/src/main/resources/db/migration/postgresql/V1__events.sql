-- Schema v1 for PostgreSQL: the same tables, columns and indexes as db/migration/V1__events.sql
-- (SQLite); only the integer types differ, because SQLite's INTEGER is 64-bit and PostgreSQL's is not.

CREATE TABLE events (
    id             TEXT PRIMARY KEY,          -- event id: the store is idempotent on it
    time           BIGINT NOT NULL,           -- epoch nanoseconds UTC
    action         TEXT,                      -- blocked | monitored | allowed
    rule           TEXT,
    severity       TEXT,
    api            TEXT,
    host           TEXT,
    port           INTEGER,
    ip             TEXT,
    vendor         TEXT,
    culprit_frame  TEXT,
    culprit_jar    TEXT,
    culprit_gav    TEXT,
    thread         TEXT,
    jvm_pid        BIGINT,
    jvm_host       TEXT,
    jvm_main_class TEXT,
    journal        TEXT NOT NULL,             -- journal directory name under the queue parent
    count          INTEGER NOT NULL DEFAULT 1,-- attempts this record stands for
    dropped        BIGINT NOT NULL DEFAULT 0,
    json           TEXT NOT NULL
);

CREATE INDEX events_time ON events (time);
CREATE INDEX events_action_time ON events (action, time);
CREATE INDEX events_destination ON events (host, port, action, time);
CREATE INDEX events_culprit ON events (culprit_frame, culprit_gav, culprit_jar);

-- Written in the same transaction as the events it covers.
CREATE TABLE journal_positions (
    journal    TEXT PRIMARY KEY,
    last_index BIGINT NOT NULL,
    updated_at BIGINT NOT NULL                -- epoch milliseconds
);
