package eventservice.types;

/** No such event type, or no such version of one: 404 / NOT_FOUND. */
public final class EventTypeNotFoundException extends RuntimeException {
    public EventTypeNotFoundException(String message) {
        super(message);
    }
}
