-- Schema v8: the culprit's package URL, the evidence its coordinates were read from and the archive
-- a nested jar sits in, as columns beside culprit_gav and culprit_jar, so that reports (by
-- dependency, --format cyclonedx) name a dependency as SBOM tools do without reading the JSON. The
-- code-path rollup groups by purl and evidence too.
--
-- Events stored before v8 keep NULL in the new columns: filling them would rewrite every stored
-- event (and re-sum the rollup) inside the migration, which holds the write lock while the drain
-- waits. Their JSON keeps everything (`show`, `events --format jsonl`); reports take a dependency's
-- purl and evidence from any of its events that has them, and else derive the purl from the gav.
ALTER TABLE events ADD COLUMN culprit_purl TEXT;
ALTER TABLE events ADD COLUMN culprit_evidence TEXT;
ALTER TABLE events ADD COLUMN culprit_archive TEXT;
ALTER TABLE rollup_code_paths ADD COLUMN culprit_purl TEXT;
ALTER TABLE rollup_code_paths ADD COLUMN culprit_evidence TEXT;
-- k encodes the grouping columns (Rollup.keySql): two more, both NULL ('~') in every existing row.
UPDATE rollup_code_paths SET k = k || '~~';
