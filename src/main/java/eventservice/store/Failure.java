package eventservice.store;

import java.time.Duration;
import java.util.UUID;

/** One event's failed publish attempt: why, and how long until it is due again. */
public record Failure(UUID id, String error, Duration retryAfter) {
}
