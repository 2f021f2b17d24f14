package eventservice.ingest;

/** An idempotency key reused for a different event: ALREADY_EXISTS / 409. */
public final class DuplicateConflictException extends RuntimeException {
    public DuplicateConflictException(String message) {
        super(message);
    }
}
