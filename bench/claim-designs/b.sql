-- B: the claim is a row lock held while sending; one update to PROCESSED in the same transaction (the relay since)
DO $$
DECLARE ids uuid[];
BEGIN
  LOOP
    WITH due AS (SELECT e.id, e.payload::text AS p FROM events e WHERE e.status = 'PENDING' AND e.next_attempt_at <= now()
                   AND NOT EXISTS (SELECT 1 FROM events b WHERE b.aggregate_id = e.aggregate_id AND b.seq < e.seq AND b.status <> 'PROCESSED' OFFSET 0)
                 ORDER BY e.seq LIMIT 500 FOR UPDATE SKIP LOCKED)
    SELECT array_agg(id) INTO ids FROM due;
    EXIT WHEN ids IS NULL;
    UPDATE events SET status = 'PROCESSED', processed_at = now(), updated_at = now()
     WHERE id = ANY(ids) AND status = 'PENDING';
    COMMIT;
  END LOOP;
END $$;
