-- Schema v2: what the forensic reports group and rank by, as columns instead of JSON lookups:
-- the request line, the payload size, and each event's stack as a reference to one row per distinct
-- stack (thousands of attempts usually share a handful of code paths).

ALTER TABLE events ADD COLUMN method TEXT;
ALTER TABLE events ADD COLUMN url TEXT;
ALTER TABLE events ADD COLUMN payload_size BIGINT;    -- payload.size: total body bytes, -1 when unknown
ALTER TABLE events ADD COLUMN stack_hash TEXT;        -- stacks.hash, null when the event has no stack

CREATE TABLE stacks (
    hash   TEXT PRIMARY KEY,                          -- first 16 hex digits of SHA-256 of frames
    frames TEXT NOT NULL,                             -- the event's stack: a JSON array of frames, innermost first
    depth  INTEGER NOT NULL
);

-- largest payloads
CREATE INDEX events_payload_size ON events (payload_size) WHERE payload_size IS NOT NULL;

-- Events stored by v1 get their request and payload columns from their JSON. Their stacks stay in
-- the JSON only: reports count them under an unknown stack.
UPDATE events SET method = json::jsonb #>> '{request,method}', url = json::jsonb #>> '{request,url}',
                  payload_size = (json::jsonb #>> '{payload,size}')::bigint
 WHERE json LIKE '%"request"%' OR json LIKE '%"payload"%';
