-- The claim scans PENDING events in seq order. An index holding only those keeps that scan short
-- even when the planner's statistics are stale (right after a large backlog was stored, they say
-- every row is PENDING, and the plan walked the whole seq index skipping processed rows).
CREATE INDEX events_pending_seq ON events (seq) WHERE status = 'PENDING';
