package eventservice.relay;

import eventservice.event.Event;

/** Told what the relay did, for metrics; each method does nothing unless overridden. */
public interface RelayListener {
    /** Kafka acknowledged the event. */
    default void published(Event event) {
    }

    /** Kafka refused the event's record; {@code permanently}: it used its last retry. */
    default void failed(Event event, boolean permanently) {
    }

    /** A pass over the backlog was paced: ingest was busy ({@link BacklogPacing}). */
    default void paced() {
    }
}
