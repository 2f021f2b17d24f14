-- The relay no longer writes the topic with each acknowledgement: a record goes to its event's own
-- topic (event_log.topic), and writing it as well made every PROCESSED row version wider and the
-- 1 M drain take twice as long. Rows marked before this keep the topic they were given.
CREATE OR REPLACE VIEW events AS
SELECT l.id, l.seq, l.type, l.aggregate_id, coalesce(l.payload, l.payload_jsonb::json) AS payload, l.metadata,
       s.status, s.retry_count, s.last_error, l.idempotency_key, s.next_attempt_at, s.claimed_by, s.lease_until,
       l.created_at, s.updated_at, s.processed_at, l.topic, l.schema_version,
       CASE WHEN s.kafka_offset IS NOT NULL THEN coalesce(s.kafka_topic, l.topic) END AS kafka_topic,
       s.kafka_partition, s.kafka_offset, s.cancel_reason, s.cancelled_by, s.cancelled_at
  FROM event_log l JOIN event_state s ON s.seq = l.seq;
