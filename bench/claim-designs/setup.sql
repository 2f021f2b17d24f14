-- The events table as the service has it: the payload as json (V5, the text as sent).
DROP TABLE IF EXISTS events, event_state;
CREATE TABLE events (
    id uuid NOT NULL PRIMARY KEY, seq bigint GENERATED ALWAYS AS IDENTITY, type text NOT NULL,
    aggregate_id text NOT NULL, payload json NOT NULL, metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    status text NOT NULL DEFAULT 'PENDING', retry_count integer NOT NULL DEFAULT 0, last_error text,
    idempotency_key text, next_attempt_at timestamptz NOT NULL DEFAULT now(), claimed_by text,
    lease_until timestamptz, created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(), processed_at timestamptz);
CREATE UNIQUE INDEX events_seq ON events (seq);
CREATE UNIQUE INDEX events_idempotency_key ON events (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX events_type_seq ON events (type, seq);
CREATE INDEX events_aggregate_seq ON events (aggregate_id, seq);
CREATE INDEX events_unfinished_aggregate ON events (aggregate_id, seq) WHERE status <> 'PROCESSED';
CREATE INDEX events_pending_seq ON events (seq) WHERE status = 'PENDING';
CREATE INDEX events_processing_seq ON events (seq) WHERE status = 'PROCESSING';
CREATE INDEX events_failed_seq ON events (seq) WHERE status = 'FAILED';
INSERT INTO events (id, type, aggregate_id, payload)
SELECT (lpad(to_hex((extract(epoch from clock_timestamp())*1000)::bigint), 12, '0') || '7' || substr(md5(i::text), 1, 19))::uuid,
       'ORDER_CREATED', 'agg-' || floor(random()*100000)::int,
       json_build_object('data', repeat('x', 270), 'i', i)
  FROM generate_series(1, :rows) i;
CREATE TABLE event_state (seq bigint PRIMARY KEY, aggregate_id text NOT NULL, status text NOT NULL DEFAULT 'PENDING',
    retry_count int NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL DEFAULT now(), claimed_by text,
    lease_until timestamptz, updated_at timestamptz NOT NULL DEFAULT now(), processed_at timestamptz);
INSERT INTO event_state (seq, aggregate_id) SELECT seq, aggregate_id FROM events;
CREATE INDEX es_unfinished ON event_state (aggregate_id, seq) WHERE status <> 'PROCESSED';
CREATE INDEX es_pending ON event_state (seq) WHERE status = 'PENDING';
CREATE INDEX es_processing ON event_state (seq) WHERE status = 'PROCESSING';
VACUUM ANALYZE events; VACUUM ANALYZE event_state;
CHECKPOINT;
