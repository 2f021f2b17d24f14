package eventservice.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

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
        // A type's MAX_VALUE as max means "no upper bound of its own": named only to a value above it.
        boolean typeLimit = max == Integer.MAX_VALUE || max == Long.MAX_VALUE || max == Short.MAX_VALUE;
        String range = typeLimit ? "of at least " + min : "from " + min + " to " + max;
        long n = value(node, defaultValue, Long::parseLong, v -> v >= min, "a whole number " + range);
        if (n > max) {
            throw new InvalidSettingException(node.key() + "=" + n + ": must be a whole number from " + min + " to " + max);
        }
        return n;
    }

    /** An ISO-8601 duration (PT0.5S, PT1M, P7D) of at least {@code min}; {@code defaultValue} when absent. */
    public static Duration duration(Config node, Duration min, Duration defaultValue) {
        return value(node, defaultValue, Duration::parse, d -> d.compareTo(min) >= 0,
                     "a duration such as PT0.5S, PT1M or P7D, at least " + min);
    }

    /**
     * The value {@code parse} makes of the key's text, if {@code valid}; {@code defaultValue} when the
     * key is absent; otherwise "key=text: must be {@code expected}" (parse errors included).
     */
    public static <T> T value(Config node, T defaultValue, Function<String, T> parse, Predicate<T> valid, String expected) {
        Optional<String> raw = node.asString().asOptional();
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String text = raw.get().trim();
        try {
            T parsed = parse.apply(text);
            if (valid.test(parsed)) {
                return parsed;
            }
        } catch (RuntimeException e) {
            // not parsable: reported below, with what is expected
        }
        throw new InvalidSettingException(node.key() + "=" + text + ": must be " + expected);
    }
}
