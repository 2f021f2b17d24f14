package eventservice.metrics;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import eventservice.event.Event;
import eventservice.event.EventStatus;
import eventservice.relay.RelayListener;
import eventservice.store.EventStore;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;

/**
 * The service's own meters, served in Prometheus format at {@code /observe/metrics}: events
 * received, published, failed, duplicated; publish and ingest latency; events by live status and
 * the relay's lag, read from PostgreSQL every few seconds (not per scrape).
 */
public final class EventMetrics implements RelayListener, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(EventMetrics.class.getName());
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)};

    private final MeterRegistry registry = Services.get(MeterRegistry.class);
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Counter published;
    private final Counter failedTransient;
    private final Counter failedPermanent;
    private final Counter duplicates;
    private final Counter pacedPasses;
    private final Timer publishLatency;
    private final Timer ingestLatency;
    private final Map<EventStatus, Double> byStatus = new EnumMap<>(EventStatus.class);
    private volatile double relayLagSeconds;
    private final MinuteCounts storedPerMinute = new MinuteCounts(10);
    private final MinuteCounts acknowledgedPerMinute = new MinuteCounts(10);
    private volatile long lastPublishedNanos = System.nanoTime() - Duration.ofHours(1).toNanos();
    private final EventStore store;
    private final Duration sampleEvery;
    private Thread sampler;

    public EventMetrics(EventStore store, Duration sampleEvery) {
        published = counter("events.published", "Events acknowledged by Kafka");
        failedTransient = registry.getOrCreate(Counter.builder("events.failed").description("Failed publish attempts")
                                                .tags(List.of(Tag.create("kind", "transient"))));
        failedPermanent = registry.getOrCreate(Counter.builder("events.failed").description("Failed publish attempts")
                                                .tags(List.of(Tag.create("kind", "permanent"))));
        duplicates = counter("events.duplicates", "Publishes answered with an already stored event (idempotency key)");
        pacedPasses = counter("events.relay.paced.passes", "Relay passes over the backlog slowed down because ingest was busy");
        publishLatency = timer("events.publish.latency", "From an event's created_at to Kafka's acknowledgement");
        ingestLatency = timer("events.ingest.latency", "From a publish request's arrival to its commit");
        for (EventStatus status : EventStatus.values()) {
            if (status == EventStatus.PROCESSED) {
                continue;   // counting finished history is a full scan; events_published_total tells it
            }
            byStatus.put(status, 0.0);
            registry.getOrCreate(Gauge.builder("events.status", () -> byStatus.getOrDefault(status, 0.0))
                                         .description("Events in a live status")
                                         .tags(List.of(Tag.create("status", status.name()))));
        }
        registry.getOrCreate(Gauge.builder("events.relay.lag.seconds", () -> relayLagSeconds)
                                     .description("Age of the oldest due PENDING event"));
        this.store = store;
        this.sampleEvery = sampleEvery;
    }

    /** Starts reading the live counts from PostgreSQL every few seconds (after the first answers). */
    public synchronized void startSampling() {
        if (sampler == null) {
            sampler = Thread.ofVirtual().name("metrics-sampler").start(() -> sample(store, sampleEvery));
        }
    }

    private Counter counter(String name, String description) {
        return registry.getOrCreate(Counter.builder(name).description(description));
    }

    private Timer timer(String name, String description) {
        // Buckets only: client-side percentiles (quantile series) cannot be aggregated across instances,
        // and a histogram with them is not valid Prometheus text (promtool check metrics).
        return registry.getOrCreate(Timer.builder(name).description(description).buckets(LATENCY_BUCKETS).percentiles(new double[0]));
    }

    private void sample(EventStore store, Duration every) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Map<EventStatus, Long> counts = store.countLiveByStatus();
                for (EventStatus status : byStatus.keySet()) {
                    byStatus.put(status, counts.getOrDefault(status, 0L).doubleValue());
                }
                relayLagSeconds = store.oldestDuePendingAgeSeconds();
            } catch (RuntimeException e) {
                LOGGER.log(Level.DEBUG, "metrics sample skipped: " + e.getMessage());
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public void received(String type, Duration took) {
        received.computeIfAbsent(type, t -> registry.getOrCreate(Counter.builder("events.received")
                .description("Events stored").tags(List.of(Tag.create("type", t))))).increment();
        ingestLatency.record(took);
        storedPerMinute.add(1);
    }

    /** Events stored by this instance in each of the last ten minutes, oldest first (the last: this minute so far). */
    public long[] storedPerMinute() {
        return storedPerMinute.lastMinutes();
    }

    /** Events this instance's relay had acknowledged in each of the last ten minutes, oldest first. */
    public long[] acknowledgedPerMinute() {
        return acknowledgedPerMinute.lastMinutes();
    }

    public void duplicate() {
        duplicates.increment();
    }

    /** Whether this instance's relay had an event acknowledged within {@code window}. */
    public boolean publishedWithin(Duration window) {
        return System.nanoTime() - lastPublishedNanos < window.toNanos();
    }

    @Override
    public void published(Event event) {
        lastPublishedNanos = System.nanoTime();
        published.increment();
        acknowledgedPerMinute.add(1);
        publishLatency.record(Duration.between(event.createdAt(), Instant.now()));
    }

    @Override
    public void failed(Event event, boolean permanently) {
        (permanently ? failedPermanent : failedTransient).increment();
    }

    @Override
    public void paced() {
        pacedPasses.increment();
    }

    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.interrupt();
        }
    }
}
