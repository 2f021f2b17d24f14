package eventservice.relay;

import java.time.Duration;

import eventservice.config.CheckedConfig;
import eventservice.event.Backoff;
import eventservice.event.Lifecycle;
import io.helidon.config.Config;

/** The relay's knobs, from {@code relay}. */
public record RelaySettings(boolean enabled,
                            int workers,
                            int batchSize,
                            Duration lease,
                            Duration pollInterval,
                            int maxRetries,
                            Backoff backoff,
                            Duration shutdownTimeout,
                            boolean direct,
                            double shareWhileIngestBusy,
                            Duration paceBacklogOlderThan) {

    public Lifecycle lifecycle() {
        return new Lifecycle(maxRetries);
    }

    /** Read and checked: a wrong value stops start-up with one line naming its key (Main). */
    public static RelaySettings from(Config relay) {
        Duration millisecond = Duration.ofMillis(1);
        Duration backoffInitial = CheckedConfig.duration(relay.get("backoff-initial"), millisecond, Duration.ofSeconds(1));
        return new RelaySettings(
                relay.get("enabled").asBoolean().orElse(true),
                CheckedConfig.atLeast(relay.get("workers"), 1, 4),
                CheckedConfig.atLeast(relay.get("batch-size"), 1, 500),
                CheckedConfig.duration(relay.get("lease"), Duration.ofSeconds(1), Duration.ofSeconds(60)),
                CheckedConfig.duration(relay.get("poll-interval"), millisecond, Duration.ofMillis(500)),
                CheckedConfig.atLeast(relay.get("max-retries"), 0, 3),
                new Backoff(backoffInitial, CheckedConfig.duration(relay.get("backoff-max"), backoffInitial, Duration.ofMinutes(5))),
                CheckedConfig.duration(relay.get("shutdown-timeout"), Duration.ZERO, Duration.ofSeconds(5)),
                relay.get("direct").asBoolean().orElse(true),
                CheckedConfig.value(relay.get("share-while-ingest-busy"), 0.1, Double::parseDouble, BacklogPacing::validShare,
                                    "a number above 0 and at most 1"),
                CheckedConfig.duration(relay.get("pace-backlog-older-than"), Duration.ZERO, Duration.ofSeconds(10)));
    }
}
