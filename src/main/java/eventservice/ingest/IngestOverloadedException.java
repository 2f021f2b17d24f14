package eventservice.ingest;

/** Too many publishes already wait for the database: UNAVAILABLE / 503, so the caller retries later. */
public final class IngestOverloadedException extends RuntimeException {
    public IngestOverloadedException(String message) {
        super(message);
    }
}
