-- The outbox: every event, with its delivery state. Live states (PENDING, PROCESSING, FAILED) are
-- reached through partial indexes, so the relay's work does not grow with the finished history.
CREATE TABLE events (
    id               uuid        NOT NULL PRIMARY KEY,
    seq              bigint      GENERATED ALWAYS AS IDENTITY,
    type             text        NOT NULL,
    aggregate_id     text        NOT NULL,
    payload          jsonb       NOT NULL,
    metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status           text        NOT NULL DEFAULT 'PENDING'
                                 CHECK (status IN ('PENDING', 'PROCESSING', 'PROCESSED', 'FAILED')),
    retry_count      integer     NOT NULL DEFAULT 0,
    last_error       text,
    idempotency_key  text,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_by       text,
    lease_until      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    processed_at     timestamptz
);

-- Keyset paging and per-aggregate order.
CREATE UNIQUE INDEX events_seq ON events (seq);
-- Idempotency: the database, not a read-then-write, decides which request stored a key first.
CREATE UNIQUE INDEX events_idempotency_key ON events (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Queries by type, status and aggregate, oldest first.
CREATE INDEX events_type_seq ON events (type, seq);
CREATE INDEX events_aggregate_seq ON events (aggregate_id, seq);
-- The claim scans PENDING in seq order; leases and retries look at PROCESSING and FAILED.
CREATE INDEX events_live_status_seq ON events (status, seq) WHERE status <> 'PROCESSED';
-- The ordering check: is there an earlier unfinished event of this aggregate?
CREATE INDEX events_unfinished_aggregate ON events (aggregate_id, seq) WHERE status <> 'PROCESSED';
