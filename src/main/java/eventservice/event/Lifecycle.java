package eventservice.event;

/**
 * The lifecycle rules: PENDING → PROCESSING → PROCESSED, or FAILED with retry_count + 1; a FAILED
 * event with retries left becomes PENDING again after its backoff; at {@code maxRetries} it stays
 * FAILED until an operator re-queues it. With 0 retries an event fails for good at its first error.
 */
public record Lifecycle(int maxRetries) {

    public Lifecycle {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be at least 0");
        }
    }

    /** True when a FAILED event with this many failures will be retried by itself. */
    public boolean retriesLeft(int retryCount) {
        return retryCount < maxRetries;
    }

}
