package eventservice.event;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LifecycleTest {

    @Test
    void retriesLeftBelowTheMaximum() {
        Lifecycle lifecycle = new Lifecycle(3);
        assertThat(lifecycle.retriesLeft(0), is(true));
        assertThat(lifecycle.retriesLeft(2), is(true));
        assertThat(lifecycle.retriesLeft(3), is(false));
    }

    @Test
    void withNoRetriesAnEventFailsForGoodAtItsFirstError() {
        assertThat(new Lifecycle(0).retriesLeft(1), is(false));
        assertThrows(IllegalArgumentException.class, () -> new Lifecycle(-1));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndACap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(backoff.delay(1, 0.0), is(Duration.ofMillis(500)));
        assertThat(backoff.delay(1, 0.999).toMillis(), lessThanOrEqualTo(1000L));
        assertThat(backoff.delay(2, 0.0), is(Duration.ofMillis(1000)));
        assertThat(backoff.delay(3, 0.0), is(Duration.ofMillis(2000)));
        assertThat(backoff.delay(30, 0.999).toMillis(), lessThanOrEqualTo(10_000L));
        assertThat(backoff.delay(30, 0.0).toMillis(), is(5000L));
        for (int i = 0; i < 1000; i++) {
            long millis = backoff.delay(2).toMillis();
            assertThat(millis, greaterThanOrEqualTo(1000L));
            assertThat(millis, lessThanOrEqualTo(2000L));
        }
    }
}
