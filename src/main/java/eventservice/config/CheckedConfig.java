package eventservice.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * Numbers and durations from {@code application.yaml} or {@code -D}, checked where they are read: a
 * wrong one stops start-up with one line naming its key (Main), instead of a mapping stack trace, or
 * a service that starts with 0 relay workers or a negative lease and misbehaves later.
 */
public final class CheckedConfig {

    private CheckedConfig() {
    }

    /** A whole number of at least {@code min}; {@code defaultValue} when the key is absent. */
    public static int atLeast(Config node, int min, int defaultValue) {
        return (int) number(node, min, Integer.MAX_VALUE, defaultValue);
    }

    /** A whole number from {@code min} to {@code max}; {@code defaultValue} when the key is absent. */
    public static long number(Config node, long min, long max, long defaultValue) {
        Optional<String> raw = node.asString().asOptional();
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String value = raw.get().trim();
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        String range = max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
        throw new InvalidSettingException(node.key() + "=" + value + ": must be a whole number " + range);
    }

    /** An ISO-8601 duration (PT0.5S, PT1M, P7D) of at least {@code min}; {@code defaultValue} when absent. */
    public static Duration duration(Config node, Duration min, Duration defaultValue) {
        Optional<String> raw = node.asString().asOptional();
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String value = raw.get().trim();
        try {
            Duration duration = Duration.parse(value);
            if (duration.compareTo(min) >= 0) {
                return duration;
            }
        } catch (DateTimeParseException e) {
            // reported below, with the lower bound
        }
        throw new InvalidSettingException(node.key() + "=" + value + ": must be a duration such as PT0.5S, PT1M or P7D, at least "
                + min);
    }
}
