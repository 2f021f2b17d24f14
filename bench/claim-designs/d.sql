-- D: the state in a narrow table of its own, claimed by row locks held while sending, one update (the relay since V4)
DO $$
DECLARE s bigint[]; n int;
BEGIN
  LOOP
    WITH due AS (SELECT e.seq FROM event_state e WHERE e.status = 'PENDING' AND e.next_attempt_at <= now()
                   AND NOT EXISTS (SELECT 1 FROM event_state b WHERE b.aggregate_id = e.aggregate_id AND b.seq < e.seq AND b.status <> 'PROCESSED' OFFSET 0)
                 ORDER BY e.seq LIMIT 500 FOR UPDATE SKIP LOCKED)
    SELECT array_agg(seq) INTO s FROM due;
    EXIT WHEN s IS NULL;
    SELECT count(payload::text) INTO n FROM events WHERE seq = ANY(s);
    UPDATE event_state SET status = 'PROCESSED', processed_at = now(), updated_at = now(), claimed_by = NULL, lease_until = NULL
     WHERE seq = ANY(s) AND status = 'PENDING';
    COMMIT;
  END LOOP;
END $$;
