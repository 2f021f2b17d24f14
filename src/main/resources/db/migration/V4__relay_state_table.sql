-- The relay's state moves to a narrow table of its own, and what was stored about an event is
-- never updated again. Marking an event PROCESSED in `events` rewrote the whole row, payload
-- included, and added an entry to each of its indexes (status appears in partial-index predicates,
-- so no update could be HOT); at 1 000 000 events the table outgrew PostgreSQL's buffers and the
-- relay's statements alone ran at 23 000 events/s. With the state here, the same work ran at 54 000
-- (bench/claim-designs/run, designs b and d). An event's PROCESSED row now matches none of the
-- partial indexes below, so marking it adds one entry, to the primary key.
ALTER TABLE events RENAME TO event_log;

CREATE TABLE event_state (
    seq              bigint      NOT NULL PRIMARY KEY,  -- event_log.seq; written in the same statement
    aggregate_id     text        NOT NULL,              -- a copy, for the ordering check's index
    status           text        NOT NULL DEFAULT 'PENDING'
                                 CHECK (status IN ('PENDING', 'PROCESSING', 'PROCESSED', 'FAILED')),
    retry_count      integer     NOT NULL DEFAULT 0,
    last_error       text,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_by       text,
    lease_until      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    processed_at     timestamptz
);

INSERT INTO event_state (seq, aggregate_id, status, retry_count, last_error, next_attempt_at, claimed_by,
                         lease_until, updated_at, processed_at)
SELECT seq, aggregate_id, status, retry_count, last_error, next_attempt_at, claimed_by, lease_until, updated_at,
       processed_at
  FROM event_log;

DROP INDEX events_unfinished_aggregate, events_pending_seq, events_processing_seq, events_failed_seq;
ALTER TABLE event_log DROP COLUMN status, DROP COLUMN retry_count, DROP COLUMN last_error,
    DROP COLUMN next_attempt_at, DROP COLUMN claimed_by, DROP COLUMN lease_until, DROP COLUMN updated_at,
    DROP COLUMN processed_at;

-- The ordering check: is an earlier event of this aggregate unfinished? (V3 explains why this is
-- the only index that covers "status <> 'PROCESSED'".)
CREATE INDEX event_state_unfinished_aggregate ON event_state (aggregate_id, seq) WHERE status <> 'PROCESSED';
-- The claim scans PENDING events in seq order; leases and retries look at PROCESSING and FAILED.
CREATE INDEX event_state_pending_seq ON event_state (seq) WHERE status = 'PENDING';
CREATE INDEX event_state_processing_seq ON event_state (seq) WHERE status = 'PROCESSING';
CREATE INDEX event_state_failed_seq ON event_state (seq) WHERE status = 'FAILED';

-- Every event with its state, as `events` read before: for queries and for operators.
CREATE VIEW events AS
SELECT l.id, l.seq, l.type, l.aggregate_id, l.payload, l.metadata, s.status, s.retry_count, s.last_error,
       l.idempotency_key, s.next_attempt_at, s.claimed_by, s.lease_until, l.created_at, s.updated_at,
       s.processed_at
  FROM event_log l JOIN event_state s ON s.seq = l.seq;

ANALYZE event_log;
ANALYZE event_state;
