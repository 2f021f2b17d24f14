package eventservice.store;

import java.time.Duration;

/** A relay's claim on events: who holds them, for how long, and the retries after which a FAILED event no longer holds back its aggregate. */
public record Claim(String owner, Duration lease, int maxRetries) {
}
