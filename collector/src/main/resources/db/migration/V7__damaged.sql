-- Schema v7: journal entries lost to damage (a record that fails its checksum, a zeroed or torn
-- stretch of a cycle file), recorded in the same transaction as the position that passes them, once
-- per journal and first index. last_index NULL: to the end of the cycle, the number not known.
CREATE TABLE damaged (
    journal        TEXT NOT NULL,
    first_index    INTEGER NOT NULL,
    last_index     INTEGER,
    cycle_file     TEXT NOT NULL,
    reason         TEXT NOT NULL,
    found_at       INTEGER NOT NULL,          -- epoch milliseconds UTC
    PRIMARY KEY (journal, first_index)
);
