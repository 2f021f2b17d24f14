package eventservice.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds (1 µs to 10 min, 3 significant digits), summarised in ms. */
final class Lat {
    private Lat() {
    }

    static ConcurrentHistogram concurrent() {
        return new ConcurrentHistogram(1, 600_000_000L, 3);
    }

    static Histogram plain() {
        return new Histogram(1, 600_000_000L, 3);
    }

    static void record(AbstractHistogram h, long micros) {
        h.recordValue(Math.max(1, Math.min(micros, 600_000_000L)));
    }

    /** p50, p99, p999, max and mean in milliseconds. */
    static Map<String, Object> summary(AbstractHistogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean any = h.getTotalCount() > 0;
        m.put("p50_ms", any ? h.getValueAtPercentile(50) / 1000.0 : Double.NaN);
        m.put("p99_ms", any ? h.getValueAtPercentile(99) / 1000.0 : Double.NaN);
        m.put("p999_ms", any ? h.getValueAtPercentile(99.9) / 1000.0 : Double.NaN);
        m.put("max_ms", any ? h.getMaxValue() / 1000.0 : Double.NaN);
        m.put("mean_ms", any ? h.getMean() / 1000.0 : Double.NaN);
        return m;
    }
}
