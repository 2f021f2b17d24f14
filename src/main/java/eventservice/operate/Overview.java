package eventservice.operate;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import eventservice.event.EventStatus;
import eventservice.health.DependencyCheck;
import eventservice.metrics.EventMetrics;
import eventservice.store.EventStore;
import eventservice.store.OverviewStore;

/**
 * The operators' overview: events by status, the relay's lag, this instance's rates of the last ten
 * minutes, the dependencies' state and the latest failures. The PROCESSED count is exact up to
 * {@link #EXACT_UP_TO} events, an estimate beyond (counting the whole history on every look would
 * read all of it).
 */
public final class Overview {
    static final long EXACT_UP_TO = 200_000;
    private static final int FAILURES = 10;

    private final EventStore events;
    private final OverviewStore store;
    private final EventMetrics metrics;
    private final List<DependencyCheck> checks;

    Overview(EventStore events, OverviewStore store, EventMetrics metrics, List<DependencyCheck> checks) {
        this.events = events;
        this.store = store;
        this.metrics = metrics;
        this.checks = checks;
    }

    /**
     * @param dependencies "UP", "DOWN" or "DISABLED" for postgresql, kafka, redis
     */
    public record Snapshot(Map<EventStatus, Long> counts, boolean processedEstimated, double relayLagSeconds,
                           long[] storedPerMinute, long[] acknowledgedPerMinute, Map<String, String> dependencies,
                           List<OverviewStore.Failure> latestFailures) {
    }

    public Snapshot now() {
        Map<EventStatus, Long> counts = new EnumMap<>(EventStatus.class);
        for (EventStatus status : EventStatus.values()) {
            counts.put(status, 0L);
        }
        counts.putAll(events.countLiveByStatus());
        long others = counts.values().stream().mapToLong(Long::longValue).sum();
        OverviewStore.Count processed = store.processed(others, EXACT_UP_TO);
        counts.put(EventStatus.PROCESSED, processed.n());
        double lag = events.oldestDuePendingAgeSeconds();
        Map<String, String> dependencies = new LinkedHashMap<>();
        dependencies.put("postgresql", "UP");   // it answered the counts
        dependencies.put("kafka", "DOWN");
        dependencies.put("redis", "DISABLED");
        for (DependencyCheck check : checks) {
            if (!check.name().equals("postgresql")) {
                dependencies.put(check.name(), check.up() ? "UP" : "DOWN");
            }
        }
        return new Snapshot(counts, processed.estimated(), lag, metrics.storedPerMinute(), metrics.acknowledgedPerMinute(),
                            dependencies, store.latestFailures(FAILURES));
    }
}
