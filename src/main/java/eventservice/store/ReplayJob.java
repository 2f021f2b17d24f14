package eventservice.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A replay job as stored (replay_jobs, V8): what it re-publishes (ids, or a filter), where to
 * ({@code topic}; null: each event's own), how far it got, and who asked.
 *
 * @param state    RUNNING, DONE, CANCELLED or FAILED
 * @param lastSeq  the cursor: every selected event up to this seq was sent
 */
public record ReplayJob(UUID id, String state, long selected, long sent, String topic, String requestedBy,
                        Instant createdAt, Instant finishedAt, String error, long lastSeq, List<UUID> ids,
                        EventFilter filter) {
    public boolean running() {
        return "RUNNING".equals(state);
    }
}
