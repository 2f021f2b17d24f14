package eventservice.operate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import eventservice.config.InvalidSettingException;
import eventservice.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** replay.*: the defaults of application.yaml, and one line naming the key for a wrong value. */
class ReplaySettingsTest {

    private static ReplaySettings read(Map<String, String> values) {
        Map<String, String> keys = new HashMap<>();
        values.forEach((key, value) -> keys.put("replay." + key, value));
        return ReplaySettings.from(Config.just(ConfigSources.create(keys)).get("replay"));
    }

    @Test
    void theBundledDefaults() {
        ReplaySettings settings = ReplaySettings.from(Settings.load(Map.of(), Map.of()).get("replay"));
        assertThat(settings, is(new ReplaySettings(200, Duration.ofSeconds(30), 20_000, 1_000, Duration.ofSeconds(1))));
        assertThat(read(Map.of()), is(settings));
    }

    @Test
    void aWrongValueNamesItsKey() {
        assertThat(assertThrows(InvalidSettingException.class, () -> read(Map.of("max-rate", "0"))).getMessage(),
                   is("replay.max-rate=0: must be a whole number from 1 to 10000000"));
        assertThat(assertThrows(InvalidSettingException.class, () -> read(Map.of("max-rate-while-live", "-1"))).getMessage(),
                   is("replay.max-rate-while-live=-1: must be a whole number from 1 to 10000000"));
        assertThat(assertThrows(InvalidSettingException.class, () -> read(Map.of("batch-size", "lots"))).getMessage(),
                   is("replay.batch-size=lots: must be a whole number from 1 to 10000"));
        assertThat(assertThrows(InvalidSettingException.class, () -> read(Map.of("lease", "PT0S"))).getMessage().startsWith(
                "replay.lease=PT0S: must be a duration"), is(true));
    }
}
