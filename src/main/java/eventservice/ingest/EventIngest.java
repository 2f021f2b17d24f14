package eventservice.ingest;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import eventservice.cache.RedisCache;
import eventservice.event.Event;
import eventservice.event.EventIds;
import eventservice.event.EventStatus;
import eventservice.event.EventValidator;
import eventservice.event.InvalidEventException;
import eventservice.event.NewEvent;
import eventservice.metrics.EventMetrics;
import eventservice.relay.Handover;
import eventservice.store.EventStore;
import eventservice.store.RowToInsert;
import eventservice.store.StoredEvent;
import eventservice.types.TypeCatalog;

/**
 * Publishing, for both doors (gRPC and HTTP): validate (the envelope, then the payload against its
 * type's latest schema), store durably as PENDING with the type's topic and schema version, then
 * wake the relay. Nothing is stored for an invalid event, nor for any event of a batch holding one.
 */
public final class EventIngest {
    private static final System.Logger LOGGER = System.getLogger(EventIngest.class.getName());
    private final EventValidator validator;
    private final TypeCatalog types;
    private final EventStore store;
    private final GroupCommit groupCommit;
    private final RedisCache cache;
    private final EventMetrics metrics;
    private final int maxBatch;
    private final Handover handover;

    public EventIngest(EventValidator validator, TypeCatalog types, EventStore store, GroupCommit groupCommit,
                       RedisCache cache, EventMetrics metrics, int maxBatch, Handover handover) {
        this.validator = validator;
        this.types = types;
        this.store = store;
        this.groupCommit = groupCommit;
        this.cache = cache;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.handover = handover;
    }

    /** Stores one event; returns it (or the first event stored under its idempotency key). */
    public StoredEvent publish(NewEvent event) {
        long started = System.nanoTime();
        RowToInsert row = row(event);
        Optional<StoredEvent> known = knownRepeat(row);
        if (known.isPresent()) {
            return known.get();
        }
        StoredEvent stored;
        try {
            stored = groupCommit.submit(row).get();
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        checkRepeat(row, stored);
        if (event.idempotencyKey() != null) {
            cache.rememberKey(event.idempotencyKey(), stored.event().id());
        }
        if (stored.duplicate()) {
            metrics.duplicate();
        } else {
            metrics.received(event.type(), Duration.ofNanos(System.nanoTime() - started));
            if (stored.event().status() == EventStatus.PENDING) {
                handover.committed();  // one the relay was handed directly needs no claim
            }
        }
        return stored;
    }

    /** The event checked, with its type's topic and schema version: what is stored. */
    private RowToInsert row(NewEvent event) {
        TypeCatalog.Contract contract = types.find(event.type());
        JsonNode tree = validator.validate(event, contract != null && !contract.schema().permissive());
        if (contract == null) {
            contract = types.contract(event.type());  // registered since find: the validator knew it
        }
        if (tree != null) {
            contract.schema().check(tree);
        } else {
            contract.schema().check(event.payload());
        }
        return new RowToInsert(EventIds.next(), event, event.payload(), contract.topic(), contract.version());
    }

    /**
     * A repeat whose key Redis knows skips the insert. Redis only names the event: it is read by
     * primary key from PostgreSQL and must carry the same key, so a stale or foreign Redis entry
     * can never answer for an event that is not stored.
     */
    private Optional<StoredEvent> knownRepeat(RowToInsert row) {
        String key = row.event().idempotencyKey();
        if (key == null) {
            return Optional.empty();
        }
        Optional<Event> first = cache.eventIdForKey(key)
                .flatMap(store::findById)
                .filter(e -> key.equals(e.idempotencyKey()));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        StoredEvent repeat = new StoredEvent(first.get(), true);
        checkRepeat(row, repeat);
        metrics.duplicate();
        return Optional.of(repeat);
    }

    /** Stores all events in one transaction, or none; an invalid one is named by its index. */
    public List<StoredEvent> publishAll(List<NewEvent> events) {
        long started = System.nanoTime();
        if (events.isEmpty()) {
            throw new InvalidEventException("events", "must hold at least one event");
        }
        if (events.size() > maxBatch) {
            throw new InvalidEventException("events", "must hold at most " + maxBatch + " events");
        }
        List<RowToInsert> rows = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                rows.add(row(events.get(i)));
            } catch (InvalidEventException e) {
                throw e.atIndex(i);
            }
        }
        List<StoredEvent> stored;
        handover.batchStoring();  // ingest is limited by the database: the relay yields to it
        try {
            stored = store.insertAll(rows, results -> {
                for (int i = 0; i < rows.size(); i++) {
                    try {
                        checkRepeat(rows.get(i), results.get(i));
                    } catch (DuplicateConflictException e) {
                        throw new DuplicateConflictException("events[" + i + "]." + e.getMessage());
                    }
                }
            });
        } finally {
            handover.batchStored();
        }
        long fresh = stored.stream().filter(s -> !s.duplicate()).count();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        for (StoredEvent s : stored) {
            if (s.duplicate()) {
                metrics.duplicate();
            } else {
                metrics.received(s.event().type(), took);
            }
        }
        if (fresh > 0) {
            handover.committed();
        }
        return stored;
    }

    /**
     * A repeat of an idempotency key must ask for the same event: the same type, aggregate and
     * payload text, byte for byte, since that text is what consumers receive.
     */
    private static void checkRepeat(RowToInsert row, StoredEvent stored) {
        if (!stored.duplicate()) {
            return;
        }
        NewEvent asked = row.event();
        var first = stored.event();
        if (!asked.type().equals(first.type()) || !asked.aggregateId().equals(first.aggregateId())
                || !row.payload().equals(first.payload())) {
            LOGGER.log(Level.INFO, "idempotency key reused for a different event (first event " + first.id() + ")");
            throw new DuplicateConflictException("idempotency_key: already used for a different event (" + first.id() + ")");
        }
    }
}
