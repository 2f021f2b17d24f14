package eventservice.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import eventservice.config.Settings;
import io.helidon.config.Config;

/**
 * Configuration for tests: the real PostgreSQL, Redis and Kafka of this machine, a fresh database
 * and topic per test class (so classes do not see each other's events), ports 0.
 */
public final class TestConfig {
    public static final String KAFKA = System.getenv().getOrDefault("KAFKA_BROKERS", "127.0.0.1:9092");

    private TestConfig() {
    }

    /** A fresh (dropped and re-created on first use) database and topic named after {@code owner}. */
    public static Config forTest(Class<?> owner, Map<String, String> overrides) {
        String name = database(owner.getSimpleName().toLowerCase(Locale.ROOT));
        dropDatabase(name);
        Map<String, String> all = new HashMap<>();
        all.put("server.port", "0");
        all.put("server.sockets.0.port", "0");
        all.put("db.name", name);
        all.put("kafka.brokers", KAFKA);
        all.put("kafka.topic", topicFor(owner));
        all.put("relay.poll-interval", "PT0.2S");
        all.putAll(overrides);
        return Settings.load(Map.of(), all);
    }

    /**
     * A test database's name: es_test_{@code name}, or TEST_DB_PREFIX{@code name} so that two
     * checkouts can run their suites at once against the same PostgreSQL.
     */
    public static String database(String name) {
        return System.getenv().getOrDefault("TEST_DB_PREFIX", "es_test_") + name;
    }

    public static Config forTest(Class<?> owner) {
        return forTest(owner, Map.of());
    }

    /** Each run gets its own topic: a broker kept between runs must not show an earlier run's records. */
    public static String topicFor(Class<?> owner) {
        return "test." + owner.getSimpleName() + "." + RUN;
    }

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    public static Connection adminConnection(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    }

    public static void dropDatabase(String name) {
        try (Connection c = adminConnection("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL at 127.0.0.1:5432: " + e.getMessage(), e);
        }
    }
}
