package eventservice.config;

import java.util.Map;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsTest {

    @Test
    void defaultsComeFromYaml() {
        Config config = Settings.load(Map.of(), Map.of());
        assertThat(config.get("server.port").asInt().get(), is(50056));
        assertThat(config.get("server.sockets.0.port").asInt().get(), is(3007));
        assertThat(config.get("service.name").asString().get(), is("event-service"));
        assertThat(config.get("db.name").asString().get(), is("event_db"));
        assertThat(config.get("kafka.topic").asString().get(), is("ecommerce-events"));
        assertThat(config.get("kafka.consumer-group").asString().get(), is("event-service-group"));
    }

    @Test
    void everySeedVariableOverridesByItsExactName() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("SERVICE_NAME", "orders-events"), Map.entry("PORT", "4000"), Map.entry("GRPC_PORT", "4001"),
                Map.entry("LOG_LEVEL", "debug"), Map.entry("DB_HOST", "db.internal"), Map.entry("DB_PORT", "6543"),
                Map.entry("DB_NAME", "events_x"), Map.entry("DB_USER", "svc"), Map.entry("DB_PASSWORD", "s3cret"),
                Map.entry("DB_SSL_MODE", "require"), Map.entry("REDIS_HOST", "cache"), Map.entry("REDIS_PORT", "6380"),
                Map.entry("REDIS_PASSWORD", "redis123"), Map.entry("REDIS_DB", "2"), Map.entry("KAFKA_BROKERS", "k1:9092,k2:9092"),
                Map.entry("KAFKA_TOPIC", "orders"), Map.entry("KAFKA_CONSUMER_GROUP", "g1"), Map.entry("AUTH_TOKEN", "t0k"),
                Map.entry("AUTH_TOKENS", "ops:" + "ab".repeat(32) + ":operate"), Map.entry("PUBLIC_URL", "https://events.example.com"));
        Config config = Settings.load(env, Map.of());
        assertThat(config.get("service.name").asString().get(), is("orders-events"));
        assertThat(config.get("server.sockets.0.port").asInt().get(), is(4000));
        assertThat(config.get("server.sockets.0.name").asString().get(), is("http"));
        assertThat(config.get("server.port").asInt().get(), is(4001));
        assertThat(config.get("log.level").asString().get(), is("debug"));
        assertThat(config.get("db.host").asString().get(), is("db.internal"));
        assertThat(config.get("db.port").asInt().get(), is(6543));
        assertThat(config.get("db.name").asString().get(), is("events_x"));
        assertThat(config.get("db.user").asString().get(), is("svc"));
        assertThat(config.get("db.password").asString().get(), is("s3cret"));
        assertThat(config.get("db.ssl-mode").asString().get(), is("require"));
        assertThat(config.get("redis.host").asString().get(), is("cache"));
        assertThat(config.get("redis.port").asInt().get(), is(6380));
        assertThat(config.get("redis.password").asString().get(), is("redis123"));
        assertThat(config.get("redis.db").asInt().get(), is(2));
        assertThat(config.get("kafka.brokers").asString().get(), is("k1:9092,k2:9092"));
        assertThat(config.get("kafka.topic").asString().get(), is("orders"));
        assertThat(config.get("kafka.consumer-group").asString().get(), is("g1"));
        assertThat(config.get("security.auth-token").asString().get(), is("t0k"));
        assertThat(config.get("security.auth-tokens").asString().get(), is("ops:" + "ab".repeat(32) + ":operate"));
        assertThat(config.get("service.public-url").asString().get(), is("https://events.example.com"));
        assertThat(Settings.variableNames().size(), is(env.size()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PORT        | abc       | PORT=abc: must be a whole number from 0 to 65535",
            "PORT        | 70000     | PORT=70000: must be a whole number from 0 to 65535",
            "GRPC_PORT   | -5        | GRPC_PORT=-5: must be a whole number from 0 to 65535",
            "DB_PORT     | -1        | DB_PORT=-1: must be a whole number from 1 to 65535",
            "REDIS_DB    | 99        | REDIS_DB=99: must be a whole number from 0 to 15",
            "LOG_LEVEL   | loud      | LOG_LEVEL=loud: must be one of",
            "DB_SSL_MODE | maybe     | DB_SSL_MODE=maybe: must be one of",
            "DB_NAME     | a;drop    | DB_NAME=a;drop: must be a plain database name",
            "PUBLIC_URL  | events:80 | PUBLIC_URL=events:80: must be an http:// or https:// URL",
            "KAFKA_BROKERS | kafka   | KAFKA_BROKERS=kafka: must be a comma-separated list of host:port",
            "KAFKA_TOPIC | a b       | KAFKA_TOPIC=a b: must be a Kafka topic name",
            "SERVICE_NAME | ''       | SERVICE_NAME=: must not be empty"})
    void aWrongValueNamesTheVariable(String name, String value, String message) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                                                 () -> Settings.load(Map.of(name, value), Map.of()));
        assertThat(e.getMessage(), containsString(message));
    }

    @Test
    void passwordsAreNotEchoed() {
        // Only free text is accepted for passwords, so make a wrong one through a neighbour: the message
        // for any variable must never carry a password's value.
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Settings.load(Map.of("DB_PASSWORD", "hunter2", "DB_PORT", "x"), Map.of()));
        assertThat(e.getMessage(), not(containsString("hunter2")));
    }
}
