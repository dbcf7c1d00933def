-- Schema v1: one row per journaled event, plus each journal's committed Chronicle position.
-- The full event JSON is kept verbatim in `json`; the other columns are copies for querying.

CREATE TABLE events (
    id             TEXT PRIMARY KEY,          -- event id: the store is idempotent on it
    time           INTEGER NOT NULL,          -- epoch nanoseconds UTC
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
    jvm_pid        INTEGER,
    jvm_host       TEXT,
    jvm_main_class TEXT,
    journal        TEXT NOT NULL,             -- journal directory name under the queue parent
    count          INTEGER NOT NULL DEFAULT 1,-- attempts this record stands for
    dropped        INTEGER NOT NULL DEFAULT 0,
    json           TEXT NOT NULL
);

-- events: ordered by time, optionally one action; report summary scans by time.
CREATE INDEX events_time ON events (time);
CREATE INDEX events_action_time ON events (action, time);
-- report by destination groups on host, port, action; --host filters on host.
CREATE INDEX events_destination ON events (host, port, action, time);
-- report by culprit.
CREATE INDEX events_culprit ON events (culprit_frame, culprit_gav, culprit_jar);

-- The last Chronicle index of each journal whose event is committed in this store. Written in the
-- same transaction as the events it covers, so the store and its positions never disagree.
CREATE TABLE journal_positions (
    journal    TEXT PRIMARY KEY,
    last_index INTEGER NOT NULL,
    updated_at INTEGER NOT NULL               -- epoch milliseconds
);
