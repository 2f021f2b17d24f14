package eventservice.metrics;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class MinuteCountsTest {

    @Test
    void countsLandInTheirMinuteAndOldOnesFallOff() {
        AtomicLong now = new AtomicLong(1_000 * 60_000L + 5_000);
        MinuteCounts counts = new MinuteCounts(3, now::get);
        counts.add(2);
        now.addAndGet(60_000);
        counts.add(1);
        counts.add(1);
        assertThat(counts.lastMinutes(), is(new long[] {0, 2, 2}));
        now.addAndGet(2 * 60_000);   // two quiet minutes: the first count is out of the window
        assertThat(counts.lastMinutes(), is(new long[] {2, 0, 0}));
        counts.add(5);                // reuses the oldest slot, cleared first
        assertThat(counts.lastMinutes(), is(new long[] {2, 0, 5}));
        now.addAndGet(10 * 60_000);
        assertThat(counts.lastMinutes(), is(new long[] {0, 0, 0}));
    }
}
