-- The relay's ordering check ("is an earlier event of this aggregate unfinished?") must probe
-- events_unfinished_aggregate by aggregate. events_live_status_seq (status, seq) could answer it
-- too, by scanning every unfinished event: a plan made while statistics said "almost nothing
-- unfinished" chose it, and once the relay fell behind each claim took 30 s and more. PROCESSING
-- and FAILED get their own partial indexes instead (leases, retries, queries by status); none of
-- them covers the ordering check's "status <> 'PROCESSED'", so the planner cannot pick them there.
-- CONCURRENTLY: building them must not hold up ingest on a large table.
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_processing_seq ON events (seq) WHERE status = 'PROCESSING';
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_failed_seq ON events (seq) WHERE status = 'FAILED';
DROP INDEX CONCURRENTLY IF EXISTS events_live_status_seq;
