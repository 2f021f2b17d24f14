package eventservice.relay;

import java.util.List;
import java.util.UUID;

import eventservice.event.InvalidEventException;
import eventservice.store.DeliveryState;
import eventservice.store.EventFilter;

/** The operator's relay commands, for both doors: ProcessPendingEvents and RetryFailedEvents. */
public final class RelayCommands {
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10_000;

    private final Relay relay;
    private final DeliveryState state;

    public RelayCommands(Relay relay, DeliveryState state) {
        this.relay = relay;
        this.state = state;
    }

    /** What RetryFailedEvents did: events made due again, then published or failed by this call. */
    public record RetryResult(int requeued, int published, int failed) {
    }

    /**
     * One relay pass now, in the caller's thread, after the claim under way (if any): what it
     * claimed, published and failed.
     *
     * @throws RelayBusyException if the relay's own claims did not let it in within the lease
     */
    public PassResult processPending(int limit) {
        return relay.passNow(limit(limit));
    }

    /**
     * Makes FAILED events with retries left due now (with {@code includeExhausted} or explicit ids,
     * also those that used every retry, whose count starts again), then publishes them.
     */
    public RetryResult retryFailed(int limit, List<UUID> ids, boolean includeExhausted) {
        return retryFailed(limit, ids, EventFilter.ANY, includeExhausted);
    }

    /** As {@link #retryFailed(int, List, boolean)}, of the FAILED events matching {@code filter}. */
    public RetryResult retryFailed(int limit, List<UUID> ids, EventFilter filter, boolean includeExhausted) {
        List<UUID> requeued = state.requeueFailed(ids, filter, includeExhausted, relay.settings().maxRetries(), limit(limit));
        if (requeued.isEmpty()) {
            return new RetryResult(0, 0, 0);
        }
        PassResult pass = relay.pass(requeued.size(), requeued);
        return new RetryResult(requeued.size(), pass.published(), pass.failed());
    }

    private static int limit(int limit) {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new InvalidEventException("limit", "must be from 1 to " + MAX_LIMIT + " (0 or absent: " + DEFAULT_LIMIT + ")");
        }
        return limit == 0 ? DEFAULT_LIMIT : limit;
    }
}
