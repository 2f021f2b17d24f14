package eventservice.store;

import java.time.Duration;
import java.util.List;

import eventservice.event.Event;
import io.helidon.dbclient.DbTransaction;

/**
 * Events claimed by row locks in an open transaction ({@link DeliveryState#lockDue}): their outcomes
 * are written in it and {@link #commit()} makes them visible and frees the locks. Closed without a
 * commit, nothing is written and the events are due again at once, without spending a retry.
 */
public final class LockedEvents implements AutoCloseable {
    private final DeliveryState state;
    private final DbTransaction tx;
    private final List<Event> events;
    private final List<Long> heldBack;
    private final Duration oldestAge;
    private boolean ended;

    LockedEvents(DeliveryState state, DbTransaction tx, List<Event> events, List<Long> heldBack, Duration oldestAge) {
        this.state = state;
        this.tx = tx;
        this.events = events;
        this.heldBack = heldBack;
        this.oldestAge = oldestAge;
    }

    /**
     * How long ago the first of {@link #events()} was stored, by the database's clock when the claim
     * began (zero if there are none): its created_at compared with the service's clock would count
     * any difference between the two hosts' clocks as age.
     */
    public Duration oldestAge() {
        return oldestAge;
    }

    /** The claimed events in seq order. An aggregate may have several: they must go out one after another. */
    public List<Event> events() {
        return events;
    }

    /**
     * The seqs of events the claim locked but does not return: an earlier event of their aggregate
     * is on its way elsewhere, or FAILED with retries left. They stay PENDING.
     */
    public List<Long> heldBack() {
        return heldBack;
    }

    /** How many events the claim locked, returned or held back. Fewer than its limit: the scan reached the end. */
    public int lockedCount() {
        return events.size() + heldBack.size();
    }

    /** The seq of the last event the claim locked (0 if none): where a following claim may start. */
    public long lastLockedSeq() {
        long lastEvent = events.isEmpty() ? 0 : events.getLast().seq();
        long lastHeld = heldBack.isEmpty() ? 0 : heldBack.getLast();
        return Math.max(lastEvent, lastHeld);
    }

    /** Marks the acknowledged events PROCESSED, and finds the earliest event one of them held back. */
    public DeliveryState.Marked markProcessed(List<Acknowledged> acked) {
        return state.markProcessed(tx, acked, true);
    }

    /** Marks the acknowledged events PROCESSED, not looking for events they held back. */
    public DeliveryState.Marked markProcessedOnly(List<Acknowledged> acked) {
        return state.markProcessed(tx, acked, false);
    }

    public long markFailed(List<Failure> failures, String owner) {
        return state.markFailed(tx, failures, owner);
    }

    public void commit() {
        ended = true;
        state.commit(tx);
    }

    @Override
    public void close() {
        if (!ended) {
            ended = true;
            DeliveryState.rollback(tx);
        }
    }
}
