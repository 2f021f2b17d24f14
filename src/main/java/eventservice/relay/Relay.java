package eventservice.relay;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import eventservice.event.Event;
import eventservice.event.Lifecycle;
import eventservice.store.DatabaseUnavailableException;
import eventservice.store.DeliveryState;
import eventservice.store.DeliveryState.Marked;
import eventservice.store.LockedEvents;
import org.apache.kafka.clients.producer.Producer;

/**
 * The outbox relay: a pool of virtual threads that send what ingest hands over and claim the rest
 * (due PENDING events, locked in a transaction; an aggregate's only from its first unfinished one
 * on), send them ({@link Delivery}) and write each one's outcome: a claim's in its transaction, a
 * handed event's on its own. A per-record error spends one of the event's retries; a broker-level
 * one spends nothing: the events go back to PENDING and the relay pauses, probing the broker.
 */
public final class Relay implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Relay.class.getName());
    // A worker's claim gave way at the cursor to events handed over (or a stop): it goes round again at once.
    private static final PassResult GAVE_WAY = new PassResult(0, 0, 0, true, false);

    private final RelaySettings settings;
    private final DeliveryState state;
    private final KafkaAdmin admin;
    private final Handover handover;
    private final RelayListener listener;
    private final Delivery delivery;
    private final Lifecycle lifecycle;
    private final String owner;
    private final ClaimCursor cursor;
    private final BacklogPacing pacing;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicBoolean brokerDown = new AtomicBoolean();
    private final AtomicLong lastHousekeeping = new AtomicLong();
    private final AtomicLong lastClaim = new AtomicLong(System.nanoTime());
    private volatile boolean running;

    public Relay(RelaySettings settings, DeliveryState state, Producer<String, byte[]> producer, EventRecords records,
                 KafkaAdmin admin, Handover handover, RelayListener listener) {
        this(settings, state, () -> producer, records, admin, handover, listener);
    }

    /** {@code producer} gives null until the service has made it, after its listeners opened. */
    public Relay(RelaySettings settings, DeliveryState state, Supplier<Producer<String, byte[]>> producer, EventRecords records,
                 KafkaAdmin admin, Handover handover, RelayListener listener) {
        this.settings = settings;
        this.state = state;
        this.admin = admin;
        this.handover = handover;
        this.listener = listener;
        this.delivery = new Delivery(producer, records, settings.lease());
        this.lifecycle = settings.lifecycle();
        this.owner = handover.ours().owner();
        this.cursor = new ClaimCursor(settings.pollInterval());
        this.pacing = new BacklogPacing(settings.shareWhileIngestBusy(), settings.paceBacklogOlderThan(), listener::paced);
        pacing.yieldTo(handover::ingestBusy);
        handover.quietDuring(pacing::pacing);
    }

    RelaySettings settings() {
        return settings;
    }

    /** Starts the background pool. */
    public void start() {
        running = true;
        handover.offerClaims(settings.direct());
        for (int i = 0; i < settings.workers(); i++) {
            Thread worker = Thread.ofVirtual().name("relay-" + i).unstarted(this::workLoop);
            workers.add(worker);
            worker.start();
        }
        LOGGER.log(Level.INFO, "relay started: " + settings.workers() + " workers, owner " + owner);
    }

    private void workLoop() {
        long claimedAt = -1;  // the news count when this worker last claimed
        boolean more = false;
        while (running) {
            long seen = handover.news();
            PassResult result = PassResult.NONE;
            try {
                if (brokerDown.get()) {
                    releaseHanded();
                    probeBroker();
                } else {
                    List<Event> direct = handover.take(settings.batchSize());
                    if (!direct.isEmpty()) {
                        result = sendHanded(direct);
                    }
                    // Claim when told of PENDING events, when the last pass may have left some, and
                    // at least once per poll interval (housekeeping, other instances' events) however
                    // busy direct delivery keeps the pool.
                    if (more || claimDue() || (direct.isEmpty() && seen != claimedAt)) {
                        claimedAt = seen;
                        housekeeping();
                        result = result.and(backlogPass());
                    }
                }
            } catch (DatabaseUnavailableException e) {
                LOGGER.log(Level.DEBUG, "relay: database unavailable, waiting");
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "relay pass failed: " + e, e);
            }
            more = result.more();
            if (result.full()) {
                handover.committed();  // a backlog: one more worker joins in
            }
            if (!more && running) {
                handover.await(seen, brokerDown.get() ? Duration.ofSeconds(1) : settings.pollInterval(), () -> !running);
            }
        }
    }

    private boolean claimDue() {
        return System.nanoTime() - lastClaim.get() >= settings.pollInterval().toNanos();
    }

    /** Expired leases and FAILED events whose backoff is over become PENDING; at most once per poll interval. */
    private void housekeeping() {
        long now = System.nanoTime();
        long last = lastHousekeeping.get();
        if (now - last < settings.pollInterval().toNanos() || !lastHousekeeping.compareAndSet(last, now)) {
            return;
        }
        long reclaimed = state.reclaimExpiredLeases();
        if (reclaimed > 0) {
            LOGGER.log(Level.WARNING, "reclaimed " + reclaimed + " events whose lease expired");
        }
        state.requeueDueFailed(settings.maxRetries());
    }

    /** While the broker is away, what ingest handed over goes back to PENDING rather than wait out its lease. */
    private void releaseHanded() {
        List<Event> waiting = handover.take(settings.batchSize());
        if (!waiting.isEmpty()) {
            state.release(waiting.stream().map(Event::id).toList(), owner);
        }
    }

    private void probeBroker() {
        if (admin.reachable(2000)) {
            brokerDown.set(false);
            handover.offerClaims(settings.direct() && running);
            LOGGER.log(Level.INFO, "Kafka is reachable again; relay resumes");
            handover.committed();
        }
    }

    private PassResult backlogPass() {
        BooleanSupplier giveWay = () -> !handover.nothingHanded() || !running;  // handed events go out first
        Optional<PassResult> done = pacing.run(() -> claimPass(settings.batchSize(), giveWay).orElse(GAVE_WAY));
        if (done.isEmpty()) {
            // Another worker has the paced turn: wait for events handed over or the poll, not for news.
            handover.await(-1, settings.pollInterval(), () -> !running);
            return PassResult.NONE;
        }
        return done.get();
    }

    /**
     * ProcessPendingEvents: one pass now, in the caller's thread. It waits for a claim under way to
     * end (claims are taken one at a time), at most the lease, and then claims, sends and records.
     *
     * @throws RelayBusyException if the claims under way did not let it in within the lease
     */
    public PassResult passNow(int limit) {
        long deadline = System.nanoTime() + settings.lease().toNanos();
        return claimPass(limit, () -> System.nanoTime() - deadline > 0).orElseThrow(() -> new RelayBusyException(
                "the relay's own claims kept the claim cursor for " + settings.lease().toSeconds() + " s; retry later"));
    }

    /** RetryFailedEvents: claims these events, if due and unlocked, sends them and records their outcomes. */
    public PassResult pass(int limit, List<UUID> ids) {
        lastClaim.set(System.nanoTime());
        try (LockedEvents claimed = state.lockDue(handover.ours(), limit, ids)) {
            return sendClaimed(claimed, limit, false);
        }
    }

    /** A claim from the cursor, sent and recorded; empty if it gave way while another claim was under way. */
    private Optional<PassResult> claimPass(int limit, BooleanSupplier giveWay) {
        lastClaim.set(System.nanoTime());
        Optional<LockedEvents> locked = cursor.claim(limit, after -> state.lockDue(handover.ours(), limit, List.of(), after),
                                                     giveWay);
        return locked.map(claimed -> {
            try (claimed) {
                return sendClaimed(claimed, limit, true);
            }
        });
    }

    /** Sends a claim's events and writes their outcomes in its transaction; {@code backlog}: a cursor's claim. */
    private PassResult sendClaimed(LockedEvents claimed, int limit, boolean backlog) {
        if (claimed.events().isEmpty()) {
            if (claimed.lockedCount() == 0 && backlog) {
                pacing.claimedNothing();
            }
            // Every event locked was held back: the cursor has moved past them, and more may follow.
            return claimed.lockedCount() >= limit ? PassResult.ONLY_HELD_BACK : PassResult.NONE;
        }
        if (backlog) {
            pacing.claimed(claimed.oldestAge());  // seq order, so the first is the oldest
        }
        Outcomes outcomes = delivery.send(claimed.events());
        boolean full = claimed.lockedCount() >= limit;
        // Unanswered and deferred events are simply not written: PENDING still, due again once the
        // locks go. After a full claim this worker claims again at once; unless the cursor remembers
        // held-back events to go back to, what the marked events held back need not be looked for.
        Marked marked = full && !cursor.remembersHeldBack()
                ? claimed.markProcessedOnly(outcomes.acknowledged())
                : claimed.markProcessed(outcomes.acknowledged());
        claimed.markFailed(outcomes.failures(settings.backoff()), owner);
        claimed.commit();
        return recorded(outcomes, marked, full);
    }

    /** Sends events ingest stored claimed for this relay and writes their outcomes on their own. */
    private PassResult sendHanded(List<Event> handed) {
        Outcomes outcomes = delivery.send(handed);
        Marked marked = state.markProcessed(outcomes.acknowledged());
        state.markFailed(outcomes.failures(settings.backoff()), owner);
        state.release(outcomes.notSent(), owner);
        return recorded(outcomes, marked, handed.size() >= settings.batchSize());
    }

    /** After the outcomes are written: pause if the broker did not answer, tell the listener, say what is next. */
    private PassResult recorded(Outcomes outcomes, Marked marked, boolean full) {
        int unanswered = outcomes.with(Outcome.UNANSWERED).size();
        if (unanswered > 0 && brokerDown.compareAndSet(false, true)) {
            handover.offerClaims(false);
            LOGGER.log(Level.WARNING, "Kafka unreachable (" + outcomes.brokerProblem() + "); relay paused, "
                    + unanswered + " events back to PENDING without spending a retry");
        }
        List<Event> published = outcomes.with(Outcome.ACKED);
        List<Event> refused = outcomes.with(Outcome.REFUSED);
        published.forEach(listener::published);
        refused.forEach(e -> listener.failed(e, !lifecycle.retriesLeft(e.retryCount() + 1)));
        // A permanent failure lets the aggregate's next event go; a full claim may have left more.
        if (marked.unblocked()) {
            cursor.released(marked.nextWaiting());
        }
        boolean more = marked.unblocked() || !refused.isEmpty() || full;
        return new PassResult(outcomes.size(), published.size(), refused.size(), more, full);
    }

    /**
     * Stops claiming, lets in-flight sends finish (bounded by {@code shutdown-timeout}), and returns
     * whatever this instance still holds to PENDING.
     */
    @Override
    public void close() {
        running = false;
        handover.offerClaims(false);
        pacing.close();
        handover.wakeAll();
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        for (Thread worker : workers) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                worker.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        handover.offerClaims(false);  // a worker that saw the broker come back may have offered them again
        try {
            long released = state.releaseAll(owner);
            if (released > 0) {
                LOGGER.log(Level.INFO, "relay stopped; " + released + " claimed events returned to PENDING");
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "relay stopped; could not return claims (their lease will expire): " + e.getMessage());
        }
    }
}
