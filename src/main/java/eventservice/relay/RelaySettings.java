package eventservice.relay;

import java.time.Duration;

import eventservice.config.InvalidSettingException;
import eventservice.event.Backoff;
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

    public eventservice.event.Lifecycle lifecycle() {
        return new eventservice.event.Lifecycle(maxRetries);
    }

    public static RelaySettings from(Config relay) {
        return new RelaySettings(
                relay.get("enabled").asBoolean().orElse(true),
                relay.get("workers").asInt().orElse(4),
                relay.get("batch-size").asInt().orElse(500),
                relay.get("lease").as(Duration.class).orElse(Duration.ofSeconds(60)),
                relay.get("poll-interval").as(Duration.class).orElse(Duration.ofMillis(500)),
                relay.get("max-retries").asInt().orElse(3),
                new Backoff(relay.get("backoff-initial").as(Duration.class).orElse(Duration.ofSeconds(1)),
                            relay.get("backoff-max").as(Duration.class).orElse(Duration.ofMinutes(5))),
                relay.get("shutdown-timeout").as(Duration.class).orElse(Duration.ofSeconds(5)),
                relay.get("direct").asBoolean().orElse(true),
                shareWhileIngestBusy(relay.get("share-while-ingest-busy")),
                relay.get("pace-backlog-older-than").as(Duration.class).orElse(Duration.ofSeconds(10)));
    }

    /** Checked here, so that a wrong value stops start-up with one line naming it (Main). */
    private static double shareWhileIngestBusy(Config node) {
        String value = node.asString().orElse("0.1");
        double share;
        try {
            share = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            share = Double.NaN;
        }
        if (!BacklogPacing.validShare(share)) {
            throw new InvalidSettingException("relay.share-while-ingest-busy=" + value + ": must be a number above 0 and at most 1");
        }
        return share;
    }
}
