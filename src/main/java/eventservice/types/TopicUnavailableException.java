package eventservice.types;

/** A type's new topic could not be checked or created on Kafka, so the type was left as it was: 503. */
public final class TopicUnavailableException extends RuntimeException {
    public TopicUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
