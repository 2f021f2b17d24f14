package eventservice.store;

/** PostgreSQL cannot be reached or used; clients get UNAVAILABLE / 503. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
