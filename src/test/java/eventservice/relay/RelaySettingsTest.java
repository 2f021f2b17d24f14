package eventservice.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import eventservice.config.InvalidSettingException;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The relay's knobs as read from YAML: defaults, and the one-line error for a wrong share. */
class RelaySettingsTest {

    private static RelaySettings read(Map<String, String> values) {
        Map<String, String> keys = new HashMap<>();
        values.forEach((key, value) -> keys.put("relay." + key, value));
        return RelaySettings.from(Config.just(ConfigSources.create(keys)).get("relay"));
    }

    @Test
    void theShareWhileIngestIsBusyDefaultsToATenth() {
        assertThat(read(Map.of()).shareWhileIngestBusy(), is(0.1));
        assertThat(read(Map.of("share-while-ingest-busy", "1")).shareWhileIngestBusy(), is(1.0));
    }

    @Test
    void onlyABacklogOlderThanTenSecondsIsPacedByDefault() {
        assertThat(read(Map.of()).paceBacklogOlderThan(), is(Duration.ofSeconds(10)));
        assertThat(read(Map.of("pace-backlog-older-than", "PT1M")).paceBacklogOlderThan(), is(Duration.ofMinutes(1)));
    }

    @Test
    void zeroRetriesIsAcceptedAndMeansAFirstErrorIsFinal() {
        RelaySettings none = read(Map.of("max-retries", "0"));
        assertThat(none.maxRetries(), is(0));
        assertThat(none.lifecycle().retriesLeft(1), is(false));
        assertThat(read(Map.of()).lifecycle().retriesLeft(1), is(true));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> read(Map.of("max-retries", "-1")));
        assertThat(e.getMessage(), startsWith("relay.max-retries=-1: "));
    }

    @Test
    void aShareOutsideZeroToOneStopsStartUpNamingTheKey() {
        for (String wrong : new String[] {"0", "-0.2", "1.5", "a tenth", "NaN"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> read(Map.of("share-while-ingest-busy", wrong)));
            assertThat(e.getMessage(), is("relay.share-while-ingest-busy=" + wrong + ": must be a number above 0 and at most 1"));
        }
    }
}
