package eventservice.event;

/** Bad input: names the field and the reason, e.g. {@code payload: must be a JSON object}. */
public final class InvalidEventException extends RuntimeException {
    private final String field;

    public InvalidEventException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The same error, for the event at {@code index} of a batch. */
    public InvalidEventException atIndex(int index) {
        // "event" names the whole element: events[3] rather than events[3].event
        String where = "events[" + index + "]" + ("event".equals(field) ? "" : "." + field);
        return new InvalidEventException(where, getMessage().substring(field.length() + 2));
    }
}
