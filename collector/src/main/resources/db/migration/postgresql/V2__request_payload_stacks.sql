-- Schema v2: what the forensic reports group and rank by, as columns instead of JSON lookups:
-- the request line, the payload size, and each event's stack as a reference to one row per distinct
-- stack (thousands of attempts usually share a handful of code paths).

ALTER TABLE events ADD COLUMN method TEXT;
ALTER TABLE events ADD COLUMN url TEXT;
ALTER TABLE events ADD COLUMN payload_size BIGINT;    -- payload.size: total body bytes, -1 when unknown
ALTER TABLE events ADD COLUMN stack_hash TEXT;        -- stacks.hash, null when the event has no stack
-- Where the stack was: events stored by v2 keep json without their frames ("stack":null at stack_at,
-- 0-based, in characters) and the frames once in stacks. The complete event is
--   CASE WHEN stack_at IS NULL THEN json ELSE substr(json, 1, stack_at) || frames || substr(json, stack_at + 5) END
-- over events LEFT JOIN stacks ON hash = stack_hash. A 24-frame stack is ~3/4 of a 2 KiB event.
ALTER TABLE events ADD COLUMN stack_at INTEGER;

CREATE TABLE stacks (
    hash   TEXT PRIMARY KEY,                          -- first 16 hex digits of SHA-256 of frames
    frames TEXT NOT NULL,                             -- the event's stack: its JSON array text exactly as in the record, innermost first
    depth  INTEGER NOT NULL
);

-- largest payloads
CREATE INDEX events_payload_size ON events (payload_size) WHERE payload_size IS NOT NULL;

-- Events stored by v1 get their request and payload columns from their JSON. Their stacks stay in
-- the JSON only: reports count them under an unknown stack.
UPDATE events SET method = json::jsonb #>> '{request,method}', url = json::jsonb #>> '{request,url}',
                  payload_size = (json::jsonb #>> '{payload,size}')::bigint
 WHERE json LIKE '%"request"%' OR json LIKE '%"payload"%';
