package eventservice.types;

import java.util.Arrays;

import eventservice.event.InvalidEventException;
import eventservice.event.Printable;

/**
 * Which consumers a new schema version must keep working: BACKWARD (the default) a consumer with
 * the new schema reading events valid under the previous one; FORWARD a consumer still on the
 * previous schema reading events valid under the new one; FULL both; NONE no check.
 */
public enum Compatibility {
    NONE,
    BACKWARD,
    FORWARD,
    FULL;

    /** A mode by name; empty or null is BACKWARD. */
    public static Compatibility parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            return BACKWARD;
        }
        try {
            return valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(field, "'" + Printable.of(text, 32) + "' is not one of "
                    + Arrays.toString(values()));
        }
    }
}
