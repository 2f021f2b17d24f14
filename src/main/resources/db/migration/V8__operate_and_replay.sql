-- Operating the outbox: where each event went on Kafka, cancelled events, and replay jobs.
-- Outside a transaction (V8__operate_and_replay.sql.conf), so that the index below is built
-- CONCURRENTLY and ingest is not held up on a large table; each statement may run again.

-- Where the broker stored the record (set when it is acknowledged) and, for a cancelled event, who
-- cancelled it, when and why. Nullable without a default: adding them rewrites nothing.
ALTER TABLE event_state ADD COLUMN IF NOT EXISTS kafka_topic text,
                        ADD COLUMN IF NOT EXISTS kafka_partition integer,
                        ADD COLUMN IF NOT EXISTS kafka_offset bigint,
                        ADD COLUMN IF NOT EXISTS cancel_reason text,
                        ADD COLUMN IF NOT EXISTS cancelled_by text,
                        ADD COLUMN IF NOT EXISTS cancelled_at timestamptz;

-- CANCELLED: never sent, and finished for its aggregate's order. NOT VALID: checked for every
-- new or changed row, without reading the old ones (they hold only the earlier statuses).
ALTER TABLE event_state DROP CONSTRAINT IF EXISTS event_state_status_check;
ALTER TABLE event_state ADD CONSTRAINT event_state_status_check
    CHECK (status IN ('PENDING', 'PROCESSING', 'PROCESSED', 'FAILED', 'CANCELLED')) NOT VALID;

-- Cancelled events are few: counted and purged through an index of their own.
CREATE INDEX CONCURRENTLY IF NOT EXISTS event_state_cancelled_seq ON event_state (seq) WHERE status = 'CANCELLED';

CREATE OR REPLACE VIEW events AS
SELECT l.id, l.seq, l.type, l.aggregate_id, coalesce(l.payload, l.payload_jsonb::json) AS payload, l.metadata,
       s.status, s.retry_count, s.last_error, l.idempotency_key, s.next_attempt_at, s.claimed_by, s.lease_until,
       l.created_at, s.updated_at, s.processed_at, l.topic, l.schema_version,
       s.kafka_topic, s.kafka_partition, s.kafka_offset, s.cancel_reason, s.cancelled_by, s.cancelled_at
  FROM event_log l JOIN event_state s ON s.seq = l.seq;

-- A replay re-publishes PROCESSED events chosen by ids or by a filter. The job is a row, so that it
-- survives a restart: the instance holding its lease sends from the cursor (last_seq: events are
-- sent in seq order, so each aggregate's in order) and moves it after each acknowledged batch; when
-- the lease runs out, any instance takes the job over from there. Events acknowledged after the job
-- was made are not part of it (processed_at <= created_at), so `selected` is its whole count.
CREATE TABLE IF NOT EXISTS replay_jobs (
    id              uuid        NOT NULL PRIMARY KEY,
    state           text        NOT NULL DEFAULT 'RUNNING'
                                CHECK (state IN ('RUNNING', 'DONE', 'CANCELLED', 'FAILED')),
    ids             uuid[],                              -- the selection by ids, or NULL (by filter)
    event_type      text,                                -- the filter; NULL: any
    aggregate_id    text,
    created_after   timestamptz,
    created_before  timestamptz,
    topic           text,                                -- NULL: each event's own topic
    selected        bigint      NOT NULL DEFAULT 0,
    sent            bigint      NOT NULL DEFAULT 0,
    last_seq        bigint      NOT NULL DEFAULT 0,      -- the cursor: every selected event up to it was sent
    requested_by    text        NOT NULL,
    owner           text,                                -- the instance sending it, while its lease runs
    lease_until     timestamptz,
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX IF NOT EXISTS replay_jobs_running ON replay_jobs (created_at) WHERE state = 'RUNNING';
CREATE INDEX IF NOT EXISTS replay_jobs_created ON replay_jobs (created_at DESC, id);
