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

}
