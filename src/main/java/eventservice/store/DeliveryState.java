package eventservice.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import eventservice.event.Event;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

/**
 * The relay's side of the store: the events' delivery state (event_state, V4). Claims of due
 * events, their outcomes, leases and retries, through the named statements of {@code db.statements};
 * an unreachable database surfaces as {@link DatabaseUnavailableException}.
 */
public final class DeliveryState {
    private final DbClient db;
    private final Runnable onConnectionLost;

    public DeliveryState(Database database) {
        this.db = database.client();
        this.onConnectionLost = database.pool()::evictIdle;
    }

    /**
     * Claims due events, oldest first, by locking up to {@code limit} of them in a transaction that
     * the caller ends with {@link LockedEvents#commit()} after writing their outcomes through it;
     * while it is open (at most {@code claim.lease()} idle) no other relay takes them, and they stay
     * PENDING. Returned are those whose earlier events are finished or claimed with them (in seq
     * order: an aggregate's events must be sent one after another).
     */
    public LockedEvents lockDue(Claim claim, int limit, List<UUID> onlyIds) {
        return lockDue(claim, limit, onlyIds, 0);
    }

    /** As {@link #lockDue(Claim, int, List)}, scanning only events stored after {@code afterSeq}. */
    public LockedEvents lockDue(Claim claim, int limit, List<UUID> onlyIds, long afterSeq) {
        String[] ids = strings(onlyIds);
        return call(() -> {
            DbTransaction tx = db.transaction();
            try {
                Instant began = tx.namedGet("set-claim-timeout", Long.toString(claim.lease().toMillis()))
                        .map(row -> EventRows.instant(row.column("began").get())).orElseThrow();
                List<Event> events = new ArrayList<>();
                List<Long> heldBack = new ArrayList<>();
                try (Stream<DbRow> rows = tx.namedQuery("lock-due-events", afterSeq, ids, ids, limit, claim.maxRetries())) {
                    for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                        if (row.column("held_back").get(Boolean.class)) {
                            heldBack.add(row.column("seq").get(Long.class));
                        } else {
                            events.add(EventRows.claimed(row));
                        }
                    }
                }
                Duration oldestAge = events.isEmpty() ? Duration.ZERO : Duration.between(events.getFirst().createdAt(), began);
                return new LockedEvents(this, tx, events, heldBack, oldestAge.isNegative() ? Duration.ZERO : oldestAge);
            } catch (RuntimeException e) {
                rollback(tx);
                throw e;
            }
        });
    }

    /**
     * Events marked PROCESSED, and the seq of the earliest event one of them held back (the next
     * unfinished event of its aggregate), 0 if none.
     */
    public record Marked(long count, long nextWaiting) {
        /** Whether a marked event held back a later event of its aggregate. */
        public boolean unblocked() {
            return nextWaiting > 0;
        }
    }

    /**
     * Marks events stored claimed (direct delivery) PROCESSED, by seq: the state table's key, so the
     * mark needs no lookup of ids in event_log. Each keeps where its record was stored.
     */
    public Marked markProcessed(List<Acknowledged> acked) {
        return markProcessed(db.execute(), acked, true);
    }

    /**
     * With {@code findHeldBack} false, does not look for the events the marked ones held back
     * ({@link Marked#nextWaiting()} is 0): one index probe per aggregate, where no one would use the answer.
     */
    Marked markProcessed(DbExecute exec, List<Acknowledged> acked, boolean findHeldBack) {
        if (acked.isEmpty()) {
            return new Marked(0, 0);
        }
        int n = acked.size();
        long[] keys = new long[n];
        int[] partitions = new int[n];
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            Acknowledged a = acked.get(i);
            keys[i] = a.seq();
            partitions[i] = a.partition();
            offsets[i] = a.offset();
        }
        if (!findHeldBack) {
            return new Marked(call(() -> exec.namedUpdate("mark-events-processed-only", keys, partitions, offsets)), 0);
        }
        return call(() -> exec.namedGet("mark-events-processed", keys, partitions, offsets)
                .map(r -> new Marked(r.column("marked").get(Long.class), r.column("next_waiting").get(Long.class)))
                .orElseThrow());
    }

    public long markFailed(List<Failure> failures, String owner) {
        return markFailed(db.execute(), failures, owner);
    }

    long markFailed(DbExecute exec, List<Failure> failures, String owner) {
        if (failures.isEmpty()) {
            return 0;
        }
        String[] ids = failures.stream().map(f -> f.id().toString()).toArray(String[]::new);
        String[] errors = failures.stream().map(Failure::error).toArray(String[]::new);
        long[] delays = failures.stream().mapToLong(f -> f.retryAfter().toMillis()).toArray();
        return call(() -> exec.namedUpdate("mark-events-failed", ids, errors, delays, owner));
    }

    void commit(DbTransaction tx) {
        call(() -> {
            tx.commit();
            return null;
        });
    }

    static void rollback(DbTransaction tx) {
        try {
            tx.rollback();
        } catch (RuntimeException ignored) {
            // the connection is gone, and with it the transaction
        }
    }

    /** Returns claims to PENDING without spending a retry (broker outage, shutdown). */
    public long release(List<UUID> ids, String owner) {
        if (ids.isEmpty()) {
            return 0;
        }
        return call(() -> db.execute().namedUpdate("release-events", strings(ids), owner));
    }

    public long releaseAll(String owner) {
        return call(() -> db.execute().namedUpdate("release-owner-claims", owner));
    }

    /** Claims whose lease ran out (their instance died) go back to PENDING. */
    public long reclaimExpiredLeases() {
        return call(() -> db.execute().namedUpdate("reclaim-expired-leases"));
    }

    /** FAILED events with retries left whose backoff is over become PENDING. */
    public long requeueDueFailed(int maxRetries) {
        return call(() -> db.execute().namedUpdate("requeue-due-failed", maxRetries));
    }

    /** RetryFailedEvents: makes FAILED events (of {@code onlyIds} if any, matching {@code filter}) due now; returns their ids. */
    public List<UUID> requeueFailed(List<UUID> onlyIds, EventFilter filter, boolean includeExhausted, int maxRetries, int limit) {
        String[] ids = strings(onlyIds);
        boolean exhaustedToo = includeExhausted || !onlyIds.isEmpty();
        List<Object> params = new ArrayList<>(List.of(ids, ids, maxRetries, exhaustedToo));
        params.addAll(filter.parameters());
        params.add(limit);
        params.add(maxRetries);
        return call(() -> {
            try (Stream<DbRow> rows = db.execute().namedQuery("requeue-failed", params.toArray())) {
                return rows.map(r -> EventRows.uuid(r.column("id").get())).toList();
            }
        });
    }

    private <T> T call(Supplier<T> work) {
        return DbErrors.call(work, onConnectionLost);
    }

    private static String[] strings(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }
}
