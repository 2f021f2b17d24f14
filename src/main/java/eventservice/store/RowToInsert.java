package eventservice.store;

import java.util.UUID;

import eventservice.event.NewEvent;

/** A validated event with its id and canonical payload, ready for insert-events. */
public record RowToInsert(UUID id, NewEvent event, String payload) {
}
