package eventservice.event;

import java.security.SecureRandom;
import java.util.UUID;

/** UUIDv7 ids (RFC 9562): time-ordered, so the primary-key index grows at its right edge only. */
public final class EventIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    public static UUID next() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Parses a client's id; {@link InvalidEventException} on anything but a canonical UUID. */
    public static UUID parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new InvalidEventException(field, "must be a UUID");
        }
        return UUID.fromString(text);
    }
}
