package eventservice.config;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Applies LOG_LEVEL (the seed's names) to java.util.logging, which Helidon and the clients log through. */
public final class LogLevel {
    private LogLevel() {
    }

    public static void apply(String name) {
        Level level = switch (name.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            case "off" -> Level.OFF;
            default -> Level.INFO;
        };
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (var handler : root.getHandlers()) {
            handler.setLevel(level);
        }
        // The Kafka client is chatty at INFO (it prints its whole configuration); keep it to warnings
        // unless debugging was asked for.
        Logger.getLogger("org.apache.kafka").setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
        // ...and its network client warns on every reconnect attempt; the relay logs an outage once itself.
        Logger.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.SEVERE);
    }
}
