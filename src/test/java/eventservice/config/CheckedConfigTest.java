package eventservice.config;

import java.time.Duration;
import java.util.Map;

import eventservice.relay.RelaySettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tuning keys from YAML or -D: defaults when absent, the value when in range, one line naming the key when not. */
class CheckedConfigTest {

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    private static String error(Runnable read) {
        return assertThrows(InvalidSettingException.class, read::run).getMessage();
    }

    @Test
    void numbersInRangeAreReadAndAbsentOnesTakeTheDefault() {
        Config config = config(Map.of("ingest.writers", " 8 ", "redis.db", "15"));
        assertThat(CheckedConfig.atLeast(config.get("ingest.writers"), 1, 4), is(8));
        assertThat(CheckedConfig.atLeast(config.get("ingest.max-group"), 1, 500), is(500));
        assertThat(CheckedConfig.number(config.get("redis.db"), 0, 15, 0), is(15L));
    }

    @Test
    void aNumberOutOfRangeOrNotANumberNamesTheKeyAndTheRange() {
        Config config = config(Map.of("ingest.writers", "0", "redis.db", "16", "retention.batch-size", "many"));
        assertThat(error(() -> CheckedConfig.atLeast(config.get("ingest.writers"), 1, 4)),
                   is("ingest.writers=0: must be a whole number of at least 1"));
        assertThat(error(() -> CheckedConfig.number(config.get("redis.db"), 0, 15, 0)),
                   is("redis.db=16: must be a whole number from 0 to 15"));
        assertThat(error(() -> CheckedConfig.atLeast(config.get("retention.batch-size"), 1, 5000)),
                   is("retention.batch-size=many: must be a whole number of at least 1"));
    }

    /** A bound that is only the type's limit is named when it is the one broken, not as "at least". */
    @Test
    void aNumberAboveItsTypeNamesTheUpperBound() {
        Config config = config(Map.of("ingest.writers", "3000000000", "kafka.replication-factor", "40000",
                                      "http.max-body-bytes", "99999999999999999999"));
        assertThat(error(() -> CheckedConfig.atLeast(config.get("ingest.writers"), 1, 4)),
                   is("ingest.writers=3000000000: must be a whole number from 1 to 2147483647"));
        assertThat(error(() -> CheckedConfig.number(config.get("kafka.replication-factor"), 1, Short.MAX_VALUE, 1)),
                   is("kafka.replication-factor=40000: must be a whole number from 1 to 32767"));
        // beyond a long: not a number this key can hold, so the lower bound is what is said
        assertThat(error(() -> CheckedConfig.number(config.get("http.max-body-bytes"), 1, Long.MAX_VALUE, 16)),
                   is("http.max-body-bytes=99999999999999999999: must be a whole number of at least 1"));
    }

    @Test
    void durationsAreIsoAndAtLeastTheirLowerBound() {
        Config config = config(Map.of("relay.lease", "PT0.5S", "relay.poll-interval", "PT0.25S", "metrics.sample-interval", "5s"));
        assertThat(CheckedConfig.duration(config.get("relay.poll-interval"), Duration.ofMillis(1), Duration.ofMillis(500)),
                   is(Duration.ofMillis(250)));
        assertThat(CheckedConfig.duration(config.get("relay.shutdown-timeout"), Duration.ZERO, Duration.ofSeconds(5)),
                   is(Duration.ofSeconds(5)));
        assertThat(error(() -> CheckedConfig.duration(config.get("relay.lease"), Duration.ofSeconds(1), Duration.ofSeconds(60))),
                   is("relay.lease=PT0.5S: must be a duration such as PT0.5S, PT1M or P7D, at least PT1S"));
        assertThat(error(() -> CheckedConfig.duration(config.get("metrics.sample-interval"), Duration.ofMillis(1), Duration.ofSeconds(5))),
                   is("metrics.sample-interval=5s: must be a duration such as PT0.5S, PT1M or P7D, at least PT0.001S"));
    }

    @Test
    void everyRelayKnobIsChecked() {
        Map<String, String> wrong = Map.of(
                "workers", "0", "batch-size", "-1", "lease", "PT0S", "poll-interval", "PT0S", "max-retries", "-1",
                "backoff-initial", "PT0S", "shutdown-timeout", "-PT1S", "pace-backlog-older-than", "-PT1S");
        wrong.forEach((key, value) -> assertThat(key, error(() -> RelaySettings.from(config(Map.of("relay." + key, value)).get("relay")))
                .startsWith("relay." + key + "=" + value + ": must be"), is(true)));
        // The longest backoff cannot be shorter than the first one.
        assertThat(error(() -> RelaySettings.from(config(Map.of("relay.backoff-initial", "PT10S", "relay.backoff-max", "PT5S")).get("relay"))),
                   is("relay.backoff-max=PT5S: must be a duration such as PT0.5S, PT1M or P7D, at least PT10S"));
    }
}
