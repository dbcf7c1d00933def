-- Schema v3: per-hour rollups of the events for `egressguard report` (docs/report.md) in place of
-- parallel scans of the whole events table, one per report section. A rollup row sums the events of
-- one hour that share its grouping columns; the drain adds each batch's new events to it in the
-- same transaction as the events and the journal positions, and purge keeps it equal to the events
-- it leaves. A report reads whole hours from the rollups and the partial hours at the edges of
-- --since/--until from events (by time), so over a million events it reads about a tenth as many,
-- narrow rows (docs/BENCHMARKS.md, "Reports"). k is the primary key's stand-in for the grouping
-- columns, whose nulls a unique key cannot compare: each value as <length>:<text>, a null as ~
-- (Rollup.keySql in the collector, which the drain uses too).

CREATE TABLE rollup_destinations (
    hour_start     BIGINT NOT NULL,          -- epoch nanoseconds UTC, the start of a whole hour
    k              TEXT NOT NULL,             -- the grouping columns below encoded without loss (nulls included)
    dest           TEXT,                      -- COALESCE(host, ip): what a --host glob matches
    port           INTEGER,
    api            TEXT,
    action         TEXT,
    severity       TEXT,
    vendor         TEXT,
    journal        TEXT,
    jvm_pid        BIGINT,
    jvm_host       TEXT,
    jvm_main_class TEXT,
    records        BIGINT NOT NULL,          -- events (rows)
    attempts       BIGINT NOT NULL,          -- SUM(count)
    dropped        BIGINT NOT NULL,
    payload_bytes  BIGINT NOT NULL,          -- SUM of payload_size where above zero
    first_time     BIGINT NOT NULL,
    last_time      BIGINT NOT NULL,
    PRIMARY KEY (hour_start, k)
);

CREATE TABLE rollup_code_paths (
    hour_start     BIGINT NOT NULL,
    k              TEXT NOT NULL,
    culprit_frame  TEXT,
    culprit_gav    TEXT,
    culprit_jar    TEXT,
    stack_hash     TEXT,
    dest           TEXT,
    port           INTEGER,
    action         TEXT,
    jvm_pid        BIGINT,
    jvm_host       TEXT,
    records        BIGINT NOT NULL,
    attempts       BIGINT NOT NULL,
    dropped        BIGINT NOT NULL,
    payload_bytes  BIGINT NOT NULL,
    first_time     BIGINT NOT NULL,
    last_time      BIGINT NOT NULL,
    PRIMARY KEY (hour_start, k)
);

-- Existing stores: the rollups of the events already stored (the collector's Rollup.backfill).
INSERT INTO rollup_destinations (hour_start, k, dest, port, api, action, severity, vendor, journal, jvm_pid, jvm_host, jvm_main_class, records, attempts, dropped, payload_bytes, first_time, last_time)
SELECT h, CASE WHEN dest IS NULL THEN '~' ELSE CAST(length(CAST(dest AS TEXT)) AS TEXT) || ':' || CAST(dest AS TEXT) END
       || CASE WHEN port IS NULL THEN '~' ELSE CAST(length(CAST(port AS TEXT)) AS TEXT) || ':' || CAST(port AS TEXT) END
       || CASE WHEN api IS NULL THEN '~' ELSE CAST(length(CAST(api AS TEXT)) AS TEXT) || ':' || CAST(api AS TEXT) END
       || CASE WHEN action IS NULL THEN '~' ELSE CAST(length(CAST(action AS TEXT)) AS TEXT) || ':' || CAST(action AS TEXT) END
       || CASE WHEN severity IS NULL THEN '~' ELSE CAST(length(CAST(severity AS TEXT)) AS TEXT) || ':' || CAST(severity AS TEXT) END
       || CASE WHEN vendor IS NULL THEN '~' ELSE CAST(length(CAST(vendor AS TEXT)) AS TEXT) || ':' || CAST(vendor AS TEXT) END
       || CASE WHEN journal IS NULL THEN '~' ELSE CAST(length(CAST(journal AS TEXT)) AS TEXT) || ':' || CAST(journal AS TEXT) END
       || CASE WHEN jvm_pid IS NULL THEN '~' ELSE CAST(length(CAST(jvm_pid AS TEXT)) AS TEXT) || ':' || CAST(jvm_pid AS TEXT) END
       || CASE WHEN jvm_host IS NULL THEN '~' ELSE CAST(length(CAST(jvm_host AS TEXT)) AS TEXT) || ':' || CAST(jvm_host AS TEXT) END
       || CASE WHEN jvm_main_class IS NULL THEN '~' ELSE CAST(length(CAST(jvm_main_class AS TEXT)) AS TEXT) || ':' || CAST(jvm_main_class AS TEXT) END, dest, port, api, action, severity, vendor, journal, jvm_pid, jvm_host, jvm_main_class,
       COUNT(*), SUM(count), SUM(dropped), COALESCE(SUM(CASE WHEN payload_size > 0 THEN payload_size END), 0), MIN(time), MAX(time)
  FROM (SELECT time - (((time % 3600000000000) + 3600000000000) % 3600000000000) AS h, COALESCE(host, ip) AS dest, port, api, action, severity, vendor, journal, jvm_pid, jvm_host, jvm_main_class, count, dropped, payload_size, time FROM events) e
 GROUP BY h, dest, port, api, action, severity, vendor, journal, jvm_pid, jvm_host, jvm_main_class;

INSERT INTO rollup_code_paths (hour_start, k, culprit_frame, culprit_gav, culprit_jar, stack_hash, dest, port, action, jvm_pid, jvm_host, records, attempts, dropped, payload_bytes, first_time, last_time)
SELECT h, CASE WHEN culprit_frame IS NULL THEN '~' ELSE CAST(length(CAST(culprit_frame AS TEXT)) AS TEXT) || ':' || CAST(culprit_frame AS TEXT) END
       || CASE WHEN culprit_gav IS NULL THEN '~' ELSE CAST(length(CAST(culprit_gav AS TEXT)) AS TEXT) || ':' || CAST(culprit_gav AS TEXT) END
       || CASE WHEN culprit_jar IS NULL THEN '~' ELSE CAST(length(CAST(culprit_jar AS TEXT)) AS TEXT) || ':' || CAST(culprit_jar AS TEXT) END
       || CASE WHEN stack_hash IS NULL THEN '~' ELSE CAST(length(CAST(stack_hash AS TEXT)) AS TEXT) || ':' || CAST(stack_hash AS TEXT) END
       || CASE WHEN dest IS NULL THEN '~' ELSE CAST(length(CAST(dest AS TEXT)) AS TEXT) || ':' || CAST(dest AS TEXT) END
       || CASE WHEN port IS NULL THEN '~' ELSE CAST(length(CAST(port AS TEXT)) AS TEXT) || ':' || CAST(port AS TEXT) END
       || CASE WHEN action IS NULL THEN '~' ELSE CAST(length(CAST(action AS TEXT)) AS TEXT) || ':' || CAST(action AS TEXT) END
       || CASE WHEN jvm_pid IS NULL THEN '~' ELSE CAST(length(CAST(jvm_pid AS TEXT)) AS TEXT) || ':' || CAST(jvm_pid AS TEXT) END
       || CASE WHEN jvm_host IS NULL THEN '~' ELSE CAST(length(CAST(jvm_host AS TEXT)) AS TEXT) || ':' || CAST(jvm_host AS TEXT) END, culprit_frame, culprit_gav, culprit_jar, stack_hash, dest, port, action, jvm_pid, jvm_host,
       COUNT(*), SUM(count), SUM(dropped), COALESCE(SUM(CASE WHEN payload_size > 0 THEN payload_size END), 0), MIN(time), MAX(time)
  FROM (SELECT time - (((time % 3600000000000) + 3600000000000) % 3600000000000) AS h, culprit_frame, culprit_gav, culprit_jar, stack_hash, COALESCE(host, ip) AS dest, port, action, jvm_pid, jvm_host, count, dropped, payload_size, time FROM events) e
 GROUP BY h, culprit_frame, culprit_gav, culprit_jar, stack_hash, dest, port, action, jvm_pid, jvm_host;

-- The rollups serve the reports' groupings by destination and by culprit: v1's indexes for them go,
-- as in SQLite (schema v4 there), and the drain stops paying for them.
DROP INDEX IF EXISTS events_destination;
DROP INDEX IF EXISTS events_culprit;
