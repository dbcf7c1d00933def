-- Schema v7 for PostgreSQL (SQLite v8): the culprit's package URL, evidence and archive as columns,
-- and purl and evidence as grouping columns of the code-path rollup. Events stored before keep NULL
-- there (filling them would rewrite every stored row); reports fall back as described in
-- db/migration/V8__culprit_purl_evidence.sql. ADD COLUMN without a default rewrites nothing.
ALTER TABLE events ADD COLUMN culprit_purl TEXT;
ALTER TABLE events ADD COLUMN culprit_evidence TEXT;
ALTER TABLE events ADD COLUMN culprit_archive TEXT;
ALTER TABLE rollup_code_paths ADD COLUMN culprit_purl TEXT;
ALTER TABLE rollup_code_paths ADD COLUMN culprit_evidence TEXT;
-- k encodes the grouping columns (Rollup.keySql): two more, both NULL ('~') in every existing row.
UPDATE rollup_code_paths SET k = k || '~~';
