package eventservice.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import eventservice.event.Event;
import eventservice.event.EventStatus;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

/**
 * The events: stored by ingest, read by queries, counted for metrics and removed by retention,
 * through the named statements of {@code db.statements}; reads go through the view {@code events}
 * (event_log joined with event_state, V4). The relay's writes are {@link DeliveryState}'s. Every
 * method either does all its work or none; an unreachable database surfaces as
 * {@link DatabaseUnavailableException}.
 */
public final class EventStore {
    private final Database database;
    private final DbClient db;
    private final Runnable onConnectionLost;
    private final String pageStart;

    public EventStore(Database database) {
        this.database = database;
        this.db = database.client();
        this.onConnectionLost = database.pool()::evictIdle;
        this.pageStart = database.statement("select-events-page");
    }

    /**
     * Inserts the rows in one statement (so in one transaction), in order. Rows whose idempotency key
     * is already stored are not inserted: the result holds the stored event for them, marked duplicate.
     */
    public List<StoredEvent> insert(List<RowToInsert> rows) {
        return call(() -> insert(db.execute(), rows));
    }

    /**
     * As {@link #insert(List)}, in a transaction that {@code check} may abort by throwing: then
     * nothing is stored.
     */
    public List<StoredEvent> insertAll(List<RowToInsert> rows, Consumer<List<StoredEvent>> check) {
        return inTransaction(tx -> {
            List<StoredEvent> stored = insert(tx, rows);
            check.accept(stored);
            return stored;
        });
    }

    /**
     * As {@link #insert(List)}, claiming for {@code claim.owner()} (PROCESSING, leased) each event the
     * relay's claim would take now: its aggregate's first in {@code rows}, with no earlier event of
     * the aggregate unfinished. The others are stored PENDING.
     */
    public List<StoredEvent> insertClaimed(List<RowToInsert> rows, Claim claim) {
        return call(() -> insert(db.execute(), rows, "insert-events-claimed",
                                 claim.owner(), claim.lease().toMillis(), claim.maxRetries()));
    }

    private static List<StoredEvent> insert(DbExecute exec, List<RowToInsert> rows) {
        return insert(exec, rows, "insert-events");
    }

    private static List<StoredEvent> insert(DbExecute exec, List<RowToInsert> rows, String statement, Object... after) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] aggregates = new String[n];
        String[] payloads = new String[n];
        String[] metadata = new String[n];
        String[] keys = new String[n];
        String[] topics = new String[n];
        String[] versions = new String[n];
        Map<UUID, RowToInsert> sent = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RowToInsert row = rows.get(i);
            sent.put(row.id(), row);
            ids[i] = row.id().toString();
            types[i] = row.event().type();
            aggregates[i] = row.event().aggregateId();
            payloads[i] = row.payload();
            metadata[i] = EventRows.metadataJson(row.event().metadata());
            keys[i] = row.event().idempotencyKey();
            topics[i] = row.topic();
            versions[i] = Integer.toString(row.schemaVersion());
        }
        Map<UUID, Event> inserted = new HashMap<>();
        Object[] params = Stream.concat(Stream.of(ids, types, aggregates, payloads, metadata, keys, topics, versions), Stream.of(after)).toArray();
        try (Stream<DbRow> result = exec.namedQuery(statement, params)) {
            result.map(row -> EventRows.inserted(row, sent)).forEach(e -> inserted.put(e.id(), e));
        }
        List<String> conflicting = rows.stream()
                .filter(r -> !inserted.containsKey(r.id()))
                .map(r -> r.event().idempotencyKey())
                .toList();
        Map<String, Event> existing = conflicting.isEmpty() ? Map.of() : byIdempotencyKey(exec, conflicting);
        List<StoredEvent> out = new ArrayList<>(n);
        for (RowToInsert row : rows) {
            Event event = inserted.get(row.id());
            if (event != null) {
                out.add(new StoredEvent(event, false));
            } else {
                Event first = existing.get(row.event().idempotencyKey());
                if (first == null) {
                    // The key's first event was removed between our insert and this read (retention);
                    // report it as unavailable rather than invent an answer.
                    throw new DatabaseUnavailableException("idempotency key conflict could not be resolved; retry", null);
                }
                out.add(new StoredEvent(first, true));
            }
        }
        return out;
    }

    private static Map<String, Event> byIdempotencyKey(DbExecute exec, Collection<String> keys) {
        try (Stream<DbRow> rows = exec.namedQuery("select-events-by-idempotency-keys", (Object) keys.toArray(String[]::new))) {
            Map<String, Event> out = new HashMap<>();
            rows.map(EventRows::event).forEach(e -> out.put(e.idempotencyKey(), e));
            return out;
        }
    }

    public Optional<Event> findById(UUID id) {
        return call(() -> db.execute().namedGet("select-event-by-id", id.toString()).map(EventRows::detailed));
    }

    /** One page, oldest first: one indexed query whatever the table's size (filters pick the index). */
    public List<Event> page(EventQuery query) {
        StringBuilder sql = new StringBuilder(pageStart);
        List<Object> params = new ArrayList<>();
        params.add(query.afterSeq());
        if (query.type() != null) {
            sql.append(" AND type = ?");
            params.add(query.type());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            params.add(query.status().name());
        }
        if (query.aggregateId() != null) {
            sql.append(" AND aggregate_id = ?");
            params.add(query.aggregateId());
        }
        if (query.createdAfter() != null) {
            sql.append(" AND created_at >= ?");
            params.add(Timestamp.from(query.createdAfter()));
        }
        if (query.createdBefore() != null) {
            sql.append(" AND created_at < ?");
            params.add(Timestamp.from(query.createdBefore()));
        }
        sql.append(" ORDER BY seq LIMIT ?");
        params.add(query.limit());
        // Built here rather than named: each combination of filters needs its own plan. And
        // planned for its values: a generic plan cannot use a status's partial index, nor tell a
        // rare type (its index) from a common one (seq order).
        return inTransaction(tx -> {
            tx.namedGet("plan-per-call");
            try (Stream<DbRow> rows = tx.createNamedQuery("select-events-page", sql.toString())
                    .params(params).execute()) {
                return rows.map(EventRows::detailed).toList();
            }
        });
    }

    /** Events per live status (PENDING, PROCESSING, FAILED): served by the partial index. */
    public Map<EventStatus, Long> countLiveByStatus() {
        return call(() -> {
            try (Stream<DbRow> rows = db.execute().namedQuery("count-live-events-by-status")) {
                Map<EventStatus, Long> out = new HashMap<>();
                rows.forEach(r -> out.put(EventStatus.valueOf(r.column("status").get(String.class)),
                                          r.column("n").get(Long.class)));
                return out;
            }
        });
    }

    /** Seconds since the oldest due PENDING event was created (the relay lag); 0 when none. */
    public double oldestDuePendingAgeSeconds() {
        return call(() -> db.execute().namedGet("oldest-due-pending")
                .map(r -> EventRows.nullable(r, "age"))
                .map(v -> v == null ? 0.0 : ((Number) v).doubleValue())
                .orElse(0.0));
    }

    /** The first seq of an event created at or after {@code cutoff}: everything below is older. */
    public long retentionBoundary(Instant cutoff) {
        return call(() -> db.execute().namedGet("retention-boundary", Timestamp.from(cutoff))
                .map(r -> r.column("seq").get(Long.class)).orElse(Long.MAX_VALUE));
    }

    /**
     * Deletes up to {@code limit} events of {@code status} below {@code boundarySeq}, oldest first,
     * in one transaction holding the retention advisory lock; -1 if another instance holds it.
     */
    public long removeFinished(String status, long boundarySeq, int limit) {
        return inTransaction(tx -> {
            boolean locked = tx.namedGet("retention-lock").map(r -> r.column("locked").get(Boolean.class)).orElse(false);
            return locked ? tx.namedDelete("remove-finished", boundarySeq, status, limit) : -1L;
        });
    }

    public Optional<Instant> oldestEventCreatedAt() {
        return call(() -> db.execute().namedGet("oldest-event")
                .map(r -> EventRows.instant(EventRows.nullable(r, "created_at"))));
    }

    /**
     * Plain VACUUM (no lock that blocks reads or writes), twice: the first frees the heap and deletes
     * emptied index pages, the second hands those pages to the free space map, or the next rows grow
     * every index anew.
     */
    public void vacuum() {
        call(() -> db.execute().namedDml("vacuum-events"));
        call(() -> db.execute().namedDml("vacuum-events"));
    }

    public boolean ping() {
        try {
            return db.execute().namedGet("health-check").isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private <T> T inTransaction(Function<DbTransaction, T> work) {
        return database.inTransaction(work);
    }

    private <T> T call(Supplier<T> work) {
        return DbErrors.call(work, onConnectionLost);
    }
}
