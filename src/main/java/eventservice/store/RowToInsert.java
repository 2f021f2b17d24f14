package eventservice.store;

import java.util.UUID;

import eventservice.event.NewEvent;

/**
 * A validated event with its id and payload text, ready for insert-events, with the topic and the
 * schema version of its type that it was checked against.
 */
public record RowToInsert(UUID id, NewEvent event, String payload, String topic, int schemaVersion) {
}
