package eventservice.retention;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;

import eventservice.config.CheckedConfig;
import eventservice.store.EventStore;
import io.helidon.config.Config;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;

/**
 * Removes finished history: PROCESSED and CANCELLED events older than {@code processed-after} (7 days) and FAILED
 * ones older than {@code failed-after} (30 days); PENDING and PROCESSING are never removed.
 *
 * <p>Batched deletes in short transactions, oldest first along the seq index, each taking a
 * transaction-scoped advisory lock so only one instance removes at a time; the rows it deletes are
 * finished, so ingest and the relay never wait on it. VACUUM after a large removal makes the space
 * reusable at once, so the table does not grow across purge cycles.
 */
public final class RetentionJob implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(RetentionJob.class.getName());

    private final EventStore store;
    private final Settings settings;
    private final Counter removed = Services.get(MeterRegistry.class).getOrCreate(
            Counter.builder("events.retention.removed").description("Finished events removed by retention"));
    private volatile double oldestAgeSeconds;
    private Thread thread;

    /** Retention's settings, read and checked on their own so that start-up can check them before connecting. */
    public record Settings(Duration processedAfter, Duration failedAfter, Duration interval, int batchSize, long vacuumAfterRows) {
        public static Settings from(Config retention) {
            return new Settings(CheckedConfig.duration(retention.get("processed-after"), Duration.ZERO, Duration.ofDays(7)),
                                CheckedConfig.duration(retention.get("failed-after"), Duration.ZERO, Duration.ofDays(30)),
                                CheckedConfig.duration(retention.get("interval"), Duration.ofMillis(1), Duration.ofMinutes(1)),
                                CheckedConfig.atLeast(retention.get("batch-size"), 1, 5000),
                                CheckedConfig.number(retention.get("vacuum-after-rows"), 0, Long.MAX_VALUE, 100_000L));
        }
    }

    public RetentionJob(EventStore store, Settings settings) {
        this.store = store;
        this.settings = settings;
        Services.get(MeterRegistry.class).getOrCreate(Gauge.builder("events.oldest.retained.age.seconds", () -> oldestAgeSeconds)
                                                     .description("Age of the oldest event still in the table"));
    }

    /** Runs {@link #runOnce()} every {@code interval} on a virtual thread. */
    public void start() {
        thread = Thread.ofVirtual().name("retention").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    runOnce();
                } catch (RuntimeException e) {
                    LOGGER.log(Level.WARNING, "retention run failed: " + e.getMessage());
                }
                try {
                    Thread.sleep(settings.interval());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** One retention run: removes every expired finished event, batch by batch; returns how many. */
    public long runOnce() {
        Instant now = Instant.now();
        long total = removeAll("PROCESSED", now.minus(settings.processedAfter()))
                + removeAll("CANCELLED", now.minus(settings.processedAfter()))
                + removeAll("FAILED", now.minus(settings.failedAfter()));
        if (total >= settings.vacuumAfterRows()) {
            store.vacuum();
        }
        if (total > 0) {
            LOGGER.log(Level.INFO, "retention removed " + total + " finished events");
        }
        oldestAgeSeconds = store.oldestEventCreatedAt()
                .map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0).orElse(0.0);
        return total;
    }

    private long removeAll(String status, Instant cutoff) {
        long boundary = store.retentionBoundary(cutoff);   // once per run: the scan to find it is the costly part
        long total = 0;
        while (true) {
            long n = store.removeFinished(status, boundary, settings.batchSize());
            if (n < 0) {
                return total;   // another instance holds the retention lock
            }
            total += n;
            removed.increment(n);
            if (n < settings.batchSize()) {
                return total;
            }
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
