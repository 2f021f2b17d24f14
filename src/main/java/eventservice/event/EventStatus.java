package eventservice.event;

/** Where an event is in its life; stored by name so operators can query it in SQL. */
public enum EventStatus {
    PENDING,
    PROCESSING,
    PROCESSED,
    FAILED,
    /** Cancelled by an operator while PENDING or FAILED: never sent, and no longer holds back its aggregate. */
    CANCELLED
}
