-- Event types as data: each type's description, owner, topic and compatibility mode, and its
-- JSON Schema versions, which are never changed once stored (consumers and records on Kafka name
-- them). Types are not removed: events in the log and on Kafka refer to their versions.
CREATE TABLE event_type (
    name           text        NOT NULL PRIMARY KEY,
    description    text        NOT NULL DEFAULT '',
    owner          text        NOT NULL DEFAULT '',
    topic          text,                                -- NULL: kafka.topics or kafka.topic decide
    compatibility  text        NOT NULL DEFAULT 'BACKWARD'
                               CHECK (compatibility IN ('NONE', 'BACKWARD', 'FORWARD', 'FULL')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event_type_schema (
    type_name   text        NOT NULL REFERENCES event_type (name),
    version     integer     NOT NULL CHECK (version >= 1),
    schema      json        NOT NULL,                   -- json, not jsonb: kept as written, keys in order
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (type_name, version)
);

CREATE FUNCTION event_type_schema_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'schema versions are immutable: add a version instead';
END $$;
CREATE TRIGGER event_type_schema_immutable BEFORE UPDATE OR DELETE ON event_type_schema
    FOR EACH ROW EXECUTE FUNCTION event_type_schema_immutable();

-- One number raised by every change of the registry, in the changing transaction: its row lock
-- makes changes one at a time, so the number grows in commit order, and an instance that polls it
-- (a one-row read) knows when to load the types again.
CREATE TABLE event_type_revision (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    revision  bigint  NOT NULL
);
INSERT INTO event_type_revision (id, revision) VALUES (true, 0);

-- The topic and schema version each event was stored under: a type's later changes do not move
-- events already stored. Nullable and without a default, so adding them rewrites nothing; events
-- stored before this version have neither (topic from kafka.topics / kafka.topic, no version).
ALTER TABLE event_log ADD COLUMN topic text, ADD COLUMN schema_version integer;

CREATE OR REPLACE VIEW events AS
SELECT l.id, l.seq, l.type, l.aggregate_id, coalesce(l.payload, l.payload_jsonb::json) AS payload, l.metadata,
       s.status, s.retry_count, s.last_error, l.idempotency_key, s.next_attempt_at, s.claimed_by, s.lease_until,
       l.created_at, s.updated_at, s.processed_at, l.topic, l.schema_version
  FROM event_log l JOIN event_state s ON s.seq = l.seq;
