package eventservice.store;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import eventservice.event.Event;
import eventservice.event.EventStatus;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

/**
 * Replay jobs and the events they re-publish, through the named statements of {@code db.statements}.
 * A job is held by one instance at a time, by an owner and a lease renewed with each batch.
 */
public final class ReplayStore {
    private final Database database;
    private final DbClient db;
    private final Runnable onConnectionLost;

    public ReplayStore(Database database) {
        this.database = database;
        this.db = database.client();
        this.onConnectionLost = database.pool()::evictIdle;
    }

    /** Stores a RUNNING job and counts what it selects, in one transaction; returns it. */
    public ReplayJob create(UUID id, List<UUID> ids, EventFilter filter, String topic, String requestedBy) {
        String[] idTexts = strings(ids);
        return inTransaction(tx -> {
            tx.namedGet("plan-per-call");
            Timestamp createdAt = tx.namedGet("insert-replay-job", id.toString(), idTexts, idTexts,
                                              orEmpty(filter.type()), orEmpty(filter.aggregateId()),
                                              filter.parameters().get(4), filter.parameters().get(5), orEmpty(topic), requestedBy)
                    .map(r -> Timestamp.from(EventRows.instant(r.column("created_at").get()))).orElseThrow();
            List<Object> params = new ArrayList<>(List.of(createdAt.toInstant().toString(), idTexts, idTexts));
            params.addAll(filter.parameters());
            long selected = tx.namedGet("count-replay-selection", params.toArray())
                    .map(r -> ((Number) r.column("n").get()).longValue()).orElse(0L);
            tx.namedUpdate("set-replay-selected", selected, id.toString());
            return tx.namedGet("select-replay-job", id.toString()).map(ReplayStore::job).orElseThrow();
        });
    }

    /** The status of each of {@code ids} that exists. */
    public Map<UUID, EventStatus> statuses(List<UUID> ids) {
        return call(() -> {
            try (Stream<DbRow> rows = db.execute().namedQuery("select-event-statuses", (Object) strings(ids))) {
                Map<UUID, EventStatus> out = new HashMap<>();
                rows.forEach(r -> out.put(EventRows.uuid(r.column("id").get()), EventStatus.valueOf(r.column("status").get(String.class))));
                return out;
            }
        });
    }

    public Optional<ReplayJob> find(UUID id) {
        return call(() -> db.execute().namedGet("select-replay-job", id.toString()).map(ReplayStore::job));
    }

    /** Newest first. */
    public List<ReplayJob> list(int limit) {
        return call(() -> {
            try (Stream<DbRow> rows = db.execute().namedQuery("list-replay-jobs", limit)) {
                return rows.map(ReplayStore::job).toList();
            }
        });
    }

    /** Cancels a RUNNING job (its holder stops at its next batch); the job as it is now, if it exists. */
    public Optional<ReplayJob> cancel(UUID id) {
        call(() -> db.execute().namedUpdate("cancel-replay-job", id.toString()));
        return find(id);
    }

    /** Takes a RUNNING job that no instance holds, or whose holder's lease ran out, for {@code owner}. */
    public Optional<ReplayJob> take(String owner, long leaseMillis) {
        return call(() -> db.execute().namedGet("take-replay-job", owner, leaseMillis)
                .map(r -> EventRows.uuid(r.column("id").get())))
                .flatMap(this::find);
    }

    /** The job's next events after {@code afterSeq}, in seq order. */
    public List<Event> batch(ReplayJob job, long afterSeq, int limit) {
        String[] ids = strings(job.ids());
        List<Object> params = new ArrayList<>(List.of(afterSeq, afterSeq, job.createdAt().toString(), ids, ids));
        params.addAll(job.filter().parameters());
        params.add(limit);
        return inTransaction(tx -> {
            tx.namedGet("plan-per-call");
            try (Stream<DbRow> rows = tx.namedQuery("select-replay-batch", params.toArray())) {
                return rows.map(EventRows::claimed).toList();
            }
        });
    }

    /** Moves the cursor and renews the lease; false if the job is no longer this owner's or no longer RUNNING. */
    public boolean advance(UUID id, String owner, long lastSeq, int sent, long leaseMillis) {
        return call(() -> db.execute().namedUpdate("advance-replay-job", lastSeq, sent, leaseMillis, id.toString(), owner)) == 1;
    }

    /** Ends a job this owner holds: DONE, or FAILED with the error. */
    public boolean finish(UUID id, String owner, String state, String error) {
        return call(() -> db.execute().namedUpdate("finish-replay-job", state, error, id.toString(), owner)) == 1;
    }

    /** At a stop: this owner's jobs go back to RUNNING without a holder, for any instance to take at once. */
    public long release(String owner) {
        return call(() -> db.execute().namedUpdate("release-replay-jobs", owner));
    }

    private static ReplayJob job(DbRow r) {
        String idList = r.column("ids").get(String.class);
        List<UUID> ids = idList.isEmpty() ? List.of() : Arrays.stream(idList.split(",")).map(UUID::fromString).toList();
        EventFilter filter = new EventFilter((String) EventRows.nullable(r, "event_type"), (String) EventRows.nullable(r, "aggregate_id"),
                                             EventRows.instant(EventRows.nullable(r, "created_after")),
                                             EventRows.instant(EventRows.nullable(r, "created_before")));
        return new ReplayJob(EventRows.uuid(r.column("id").get()), r.column("state").get(String.class),
                             ((Number) r.column("selected").get()).longValue(), ((Number) r.column("sent").get()).longValue(),
                             (String) EventRows.nullable(r, "topic"), r.column("requested_by").get(String.class),
                             EventRows.instant(r.column("created_at").get()), EventRows.instant(EventRows.nullable(r, "finished_at")),
                             (String) EventRows.nullable(r, "error"), ((Number) r.column("last_seq").get()).longValue(), ids, filter);
    }

    private <T> T inTransaction(Function<DbTransaction, T> work) {
        return database.inTransaction(work);
    }

    private <T> T call(Supplier<T> work) {
        return DbErrors.call(work, onConnectionLost);
    }

    private static String[] strings(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
