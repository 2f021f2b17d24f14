package eventservice.event;

/** Where an event is in its life; stored by name so operators can query it in SQL. */
public enum EventStatus {
    PENDING,
    PROCESSING,
    PROCESSED,
    FAILED
}
