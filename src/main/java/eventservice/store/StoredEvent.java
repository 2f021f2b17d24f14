package eventservice.store;

import eventservice.event.Event;

/** The outcome of storing one event: the stored row, and whether an earlier request had stored it. */
public record StoredEvent(Event event, boolean duplicate) {
}
