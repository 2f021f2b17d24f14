package eventservice.store;

import java.util.List;
import java.util.UUID;

import eventservice.event.Event;
import io.helidon.dbclient.DbTransaction;

/**
 * Events claimed by row locks in an open transaction ({@link EventStore#lockDue}): their outcomes
 * are written in it and {@link #commit()} makes them visible and frees the locks. Closed without a
 * commit, nothing is written and the events are due again at once, without spending a retry.
 */
public final class LockedEvents implements AutoCloseable {
    private final EventStore store;
    private final DbTransaction tx;
    private final List<Event> events;
    private boolean ended;

    LockedEvents(EventStore store, DbTransaction tx, List<Event> events) {
        this.store = store;
        this.tx = tx;
        this.events = events;
    }

    public List<Event> events() {
        return events;
    }

    public EventStore.Marked markProcessed(List<UUID> ids) {
        return store.markProcessed(tx, ids);
    }

    public long markFailed(List<Failure> failures, String owner) {
        return store.markFailed(tx, failures, owner);
    }

    public void commit() {
        ended = true;
        store.commit(tx);
    }

    @Override
    public void close() {
        if (!ended) {
            ended = true;
            EventStore.rollback(tx);
        }
    }
}
