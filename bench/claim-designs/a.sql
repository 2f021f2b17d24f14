-- A: the claim writes PROCESSING, the mark PROCESSED, each in its own transaction (the relay before 2026-11-28)
DO $$
DECLARE ids uuid[]; n int := 0;
BEGIN
  LOOP
    WITH due AS (SELECT e.id FROM events e WHERE e.status = 'PENDING' AND e.next_attempt_at <= now()
                   AND NOT EXISTS (SELECT 1 FROM events b WHERE b.aggregate_id = e.aggregate_id AND b.seq < e.seq AND b.status <> 'PROCESSED' OFFSET 0)
                 ORDER BY e.seq LIMIT 500 FOR UPDATE SKIP LOCKED),
         u AS (UPDATE events e SET status = 'PROCESSING', claimed_by = 'x', lease_until = now() + interval '60 s', updated_at = now()
                FROM due WHERE e.id = due.id RETURNING e.id, e.payload::text AS p)
    SELECT array_agg(id) INTO ids FROM u;
    EXIT WHEN ids IS NULL;
    COMMIT;
    UPDATE events SET status = 'PROCESSED', processed_at = now(), updated_at = now(), claimed_by = NULL, lease_until = NULL
     WHERE id = ANY(ids) AND status = 'PROCESSING';
    COMMIT;
  END LOOP;
END $$;
