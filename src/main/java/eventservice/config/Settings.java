package eventservice.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Loads the service configuration: the seed's environment variables, by their exact names, over the
 * defaults in {@code application.yaml}. Each variable is checked here so that a wrong value stops
 * start-up with one line naming it, instead of a stack trace from deep inside a client library.
 */
public final class Settings {

    /** One environment variable: its config key and how its value is checked. */
    private record Variable(String name, String key, Function<String, String> check) {
    }

    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "warning", "error", "off");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private static final List<Variable> VARIABLES = List.of(
            new Variable("SERVICE_NAME", "service.name", Settings::nonEmpty),
            new Variable("PORT", "server.sockets.0.port", v -> port(v, true)),
            new Variable("GRPC_PORT", "server.port", v -> port(v, true)),
            new Variable("LOG_LEVEL", "log.level", v -> oneOf(v.toLowerCase(Locale.ROOT), LOG_LEVELS)),
            new Variable("DB_HOST", "db.host", Settings::nonEmpty),
            new Variable("DB_PORT", "db.port", v -> port(v, false)),
            new Variable("DB_NAME", "db.name", Settings::identifier),
            new Variable("DB_USER", "db.user", Settings::nonEmpty),
            new Variable("DB_PASSWORD", "db.password", v -> v),
            new Variable("DB_SSL_MODE", "db.ssl-mode", v -> oneOf(v, SSL_MODES)),
            new Variable("REDIS_HOST", "redis.host", v -> v),
            new Variable("REDIS_PORT", "redis.port", v -> port(v, false)),
            new Variable("REDIS_PASSWORD", "redis.password", v -> v),
            new Variable("REDIS_DB", "redis.db", v -> range(v, 0, 15)),
            new Variable("KAFKA_BROKERS", "kafka.brokers", Settings::brokers),
            new Variable("KAFKA_TOPIC", "kafka.topic", Settings::topic),
            new Variable("KAFKA_CONSUMER_GROUP", "kafka.consumer-group", Settings::nonEmpty),
            new Variable("AUTH_TOKEN", "security.auth-token", v -> v),
            new Variable("AUTH_TOKENS", "security.auth-tokens", v -> v),
            new Variable("PUBLIC_URL", "service.public-url", Settings::httpUrl));

    private Settings() {
    }

    /** The names of the variables this service reads, in the order of the README's table. */
    public static List<String> variableNames() {
        return VARIABLES.stream().map(Variable::name).toList();
    }

    /**
     * Configuration from the process environment over the bundled YAML. Any other key can be set as
     * a Java system property (e.g. {@code -Drelay.workers=8}); the seed's variables win over those.
     */
    public static Config load() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> properties.put(k, System.getProperty(k)));
        return load(System.getenv(), properties, true);
    }

    /**
     * Configuration from the given environment over the bundled YAML; {@code overrides} (config keys)
     * win over both, which is how tests pick ports 0.
     *
     * @throws InvalidSettingException naming the first variable with a wrong value
     */
    public static Config load(Map<String, String> environment, Map<String, String> overrides) {
        return load(environment, overrides, false);
    }

    private static Config load(Map<String, String> environment, Map<String, String> overrides, boolean envWins) {
        Map<String, String> fromEnvironment = new LinkedHashMap<>();
        for (Variable variable : VARIABLES) {
            String value = environment.get(variable.name());
            if (value == null) {
                continue;
            }
            try {
                fromEnvironment.put(variable.key(), variable.check().apply(value.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(variable.name() + "=" + printable(variable, value) + ": " + e.getMessage());
            }
        }
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(envWins ? ConfigSources.create(fromEnvironment).name("environment")
                                 : ConfigSources.create(overrides).name("overrides"),
                         envWins ? ConfigSources.create(overrides).name("system-properties")
                                 : ConfigSources.create(fromEnvironment).name("environment"),
                         ConfigSources.classpath("application.yaml"))
                .build();
    }

    private static String printable(Variable variable, String value) {
        return variable.name().contains("PASSWORD") || variable.name().contains("TOKEN") ? "***" : value;
    }

    private static String nonEmpty(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return value;
    }

    private static String port(String value, boolean zeroAllowed) {
        return range(value, zeroAllowed ? 0 : 1, 65535);
    }

    private static String range(String value, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
        }
        return Integer.toString(number);
    }

    private static String oneOf(String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("must be one of " + allowed.stream().sorted().toList());
        }
        return value;
    }

    private static String identifier(String value) {
        if (!value.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("must be a plain database name (letters, digits, _)");
        }
        return value;
    }

    private static String brokers(String value) {
        for (String broker : value.split(",")) {
            if (!broker.trim().matches("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}")) {
                throw new IllegalArgumentException("must be a comma-separated list of host:port");
            }
        }
        return value;
    }

    private static String httpUrl(String value) {
        if (!value.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL without query or fragment");
        }
        return value;
    }

    private static String topic(String value) {
        if (!value.matches("[A-Za-z0-9._\\-]{1,249}")) {
            throw new IllegalArgumentException("must be a Kafka topic name (letters, digits, . _ -)");
        }
        return value;
    }
}
