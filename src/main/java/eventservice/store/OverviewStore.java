package eventservice.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/** What the operators' overview reads besides the live counts: the finished count and the latest failures. */
public final class OverviewStore {
    private final DbClient db;
    private final Runnable onConnectionLost;

    public OverviewStore(Database database) {
        this.db = database.client();
        this.onConnectionLost = database.pool()::evictIdle;
    }

    /** A FAILED event as the overview lists it. */
    public record Failure(UUID id, String type, String aggregateId, String lastError, int attempts, Instant nextAttemptAt) {
    }

    /** PROCESSED events counted, or estimated (all rows less {@code others}) once the table has more than {@code exactUpTo} rows. */
    public Count processed(long others, long exactUpTo) {
        return call(() -> {
            long estimate = db.execute().namedGet("estimate-event-states").map(r -> ((Number) r.column("n").get()).longValue()).orElse(-1L);
            if (estimate >= 0 && estimate > exactUpTo) {
                return new Count(Math.max(0, estimate - others), true);
            }
            return new Count(db.execute().namedGet("count-processed-events").map(r -> ((Number) r.column("n").get()).longValue())
                                     .orElse(0L), false);
        });
    }

    public record Count(long n, boolean estimated) {
    }

    /** The FAILED events changed last, newest first. */
    public List<Failure> latestFailures(int limit) {
        return call(() -> {
            try (Stream<DbRow> rows = db.execute().namedQuery("latest-failures", limit)) {
                return rows.map(r -> new Failure(EventRows.uuid(r.column("id").get()), r.column("type").get(String.class),
                                                 r.column("aggregate_id").get(String.class), (String) EventRows.nullable(r, "last_error"),
                                                 ((Number) r.column("retry_count").get()).intValue(),
                                                 EventRows.instant(r.column("next_attempt_at").get()))).toList();
            }
        });
    }

    private <T> T call(Supplier<T> work) {
        return DbErrors.call(work, onConnectionLost);
    }
}
