-- The payload exactly as the producer sent it. jsonb rewrote it (numbers such as -0 or 1.0E+2,
-- member order, whitespace); json keeps the text as given and still checks it is JSON, so the
-- bytes sent to Kafka and read back are the producer's own. Rows stored before keep their jsonb
-- form in payload_jsonb: renaming and adding columns is instant, where changing the column's type
-- would rewrite the whole table under an exclusive lock. Retention removes those rows in time.
ALTER TABLE event_log RENAME COLUMN payload TO payload_jsonb;
ALTER TABLE event_log ALTER COLUMN payload_jsonb DROP NOT NULL;
ALTER TABLE event_log ADD COLUMN payload json;
-- NOT VALID: checked for every new row, without reading the old ones.
ALTER TABLE event_log ADD CONSTRAINT event_log_payload_given
    CHECK (payload IS NOT NULL OR payload_jsonb IS NOT NULL) NOT VALID;

DROP VIEW events;
CREATE VIEW events AS
SELECT l.id, l.seq, l.type, l.aggregate_id, coalesce(l.payload, l.payload_jsonb::json) AS payload, l.metadata,
       s.status, s.retry_count, s.last_error, l.idempotency_key, s.next_attempt_at, s.claimed_by, s.lease_until,
       l.created_at, s.updated_at, s.processed_at
  FROM event_log l JOIN event_state s ON s.seq = l.seq;
