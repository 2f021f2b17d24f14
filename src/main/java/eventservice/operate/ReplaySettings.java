package eventservice.operate;

import java.time.Duration;

import eventservice.config.CheckedConfig;
import io.helidon.config.Config;

/**
 * {@code replay}: events per batch (each acknowledged before the cursor moves), how long a job's
 * holder may go without renewing its lease before another instance takes the job over, the rate
 * at most (events/s, per instance), the lower rate while this instance's relay is delivering live
 * events (so that a replay does not queue them), and how often an idle instance looks for jobs.
 */
public record ReplaySettings(int batchSize, Duration lease, int maxRate, int maxRateWhileLive, Duration pollInterval) {
    public static ReplaySettings from(Config replay) {
        return new ReplaySettings((int) CheckedConfig.number(replay.get("batch-size"), 1, 10_000, 200),
                                  CheckedConfig.duration(replay.get("lease"), Duration.ofMillis(100), Duration.ofSeconds(30)),
                                  (int) CheckedConfig.number(replay.get("max-rate"), 1, 10_000_000, 20_000),
                                  (int) CheckedConfig.number(replay.get("max-rate-while-live"), 1, 10_000_000, 1_000),
                                  CheckedConfig.duration(replay.get("poll-interval"), Duration.ofMillis(10), Duration.ofSeconds(1)));
    }
}
