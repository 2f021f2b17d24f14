package eventservice.event;

/**
 * The lifecycle rules: PENDING → PROCESSING → PROCESSED, or FAILED with retry_count + 1; a FAILED
 * event with retries left becomes PENDING again after its backoff; at {@code maxRetries} it stays
 * FAILED until an operator re-queues it.
 */
public record Lifecycle(int maxRetries) {

    public Lifecycle {
        if (maxRetries < 1) {
            throw new IllegalArgumentException("max retries must be at least 1");
        }
    }

    /** True when a FAILED event with this many failures will be retried by itself. */
    public boolean retriesLeft(int retryCount) {
        return retryCount < maxRetries;
    }

    /** True when the event's status may move from {@code from} to {@code to}. */
    public static boolean allowed(EventStatus from, EventStatus to) {
        return switch (from) {
            case PENDING -> to == EventStatus.PROCESSING;
            // back to PENDING: a broker outage or a stop returns the claim without spending a retry
            case PROCESSING -> to == EventStatus.PROCESSED || to == EventStatus.FAILED || to == EventStatus.PENDING;
            case FAILED -> to == EventStatus.PENDING;
            case PROCESSED -> false;
        };
    }
}
