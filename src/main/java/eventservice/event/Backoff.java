package eventservice.event;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed event is due again: exponential in the attempt number, capped, with "full jitter"
 * so that events failing together do not retry together.
 */
public record Backoff(Duration initial, Duration max) {

    /** Delay before the attempt after {@code retryCount} failures (retryCount ≥ 1). */
    public Duration delay(int retryCount) {
        return delay(retryCount, ThreadLocalRandom.current().nextDouble());
    }

    /** As {@link #delay(int)} with the random draw given, in [0, 1): deterministic for tests. */
    public Duration delay(int retryCount, double random) {
        int exponent = Math.max(0, Math.min(retryCount - 1, 30));
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << exponent);
        // Half fixed, half random: never zero (a broken record is not retried in a tight loop).
        long millis = ceiling / 2 + (long) (random * (ceiling - ceiling / 2));
        return Duration.ofMillis(Math.max(1, millis));
    }
}
