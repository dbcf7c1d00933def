-- Schema v6 (SQLite v7): journal entries lost to damage (a record that fails its checksum, a zeroed or torn
-- stretch of a cycle file), recorded in the same transaction as the position that passes them, once
-- per journal and first index. last_index NULL: to the end of the cycle, the number not known.
CREATE TABLE damaged (
    journal        TEXT NOT NULL,
    first_index    BIGINT NOT NULL,
    last_index     BIGINT,
    cycle_file     TEXT NOT NULL,
    reason         TEXT NOT NULL,
    found_at       BIGINT NOT NULL,           -- epoch milliseconds UTC
    PRIMARY KEY (journal, first_index)
);
