package eventservice.relay;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import eventservice.event.Event;
import eventservice.ingest.DirectDelivery;
import eventservice.store.Claim;
import eventservice.store.DatabaseUnavailableException;
import eventservice.store.EventStore;
import eventservice.store.Failure;
import eventservice.store.LockedEvents;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The outbox relay: a pool of virtual threads, each claiming a batch of due events by locking them
 * ({@code FOR UPDATE SKIP LOCKED}; an aggregate's events only from its first unfinished one on),
 * sending them with the shared producer (an aggregate's one after another), and writing each
 * record's outcome back, in the claim's transaction, in one statement per outcome kind. Events
 * stored already claimed by ingest (direct delivery, PROCESSING with a lease) are sent the same way
 * and their outcomes written on their own.
 *
 * <p>A per-record error (e.g. record too large) spends one of the event's retries. A broker-level
 * error (Kafka unreachable, timeouts: Kafka's {@link RetriableException}s) spends nothing: the
 * claim is returned to PENDING and the relay pauses, probing the broker, until it answers again.
 */
public final class Relay implements DirectDelivery, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Relay.class.getName());
    private static final Object ACKED = new Object();
    private static final Object HELD_BACK = new Object();

    private final EventStore store;
    private final Producer<String, byte[]> producer;
    private final EventRecords records;
    private final KafkaAdmin admin;
    private final RelaySettings settings;
    private final String owner;
    private final List<Thread> workers = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final AtomicLong signals = new AtomicLong();
    private final AtomicBoolean brokerDown = new AtomicBoolean();
    private final AtomicLong lastHousekeeping = new AtomicLong();
    private final AtomicLong lastClaim = new AtomicLong(System.nanoTime());
    // Events stored claimed for this relay (direct delivery), waiting for a worker.
    private final BlockingQueue<Event> handed = new LinkedBlockingQueue<>();
    private final AtomicLong handedOver = new AtomicLong();
    private final Claim ourClaim;  // what this relay claims with: owner, lease, retries
    private final ClaimCursor cursor;
    private volatile boolean running;
    private final BacklogPacing pacing;
    private final List<RelayListener> listeners = new CopyOnWriteArrayList<>();

    /** Told about each record's outcome (metrics). */
    public interface RelayListener {
        void published(Event event);

        void failed(Event event, boolean permanently);

        /** A pass over the backlog was paced: ingest was busy ({@link BacklogPacing}). */
        default void paced() {
        }
    }

    public Relay(EventStore store, Producer<String, byte[]> producer, EventRecords records, KafkaAdmin admin,
                 RelaySettings settings, String owner) {
        this.store = store;
        this.producer = producer;
        this.records = records;
        this.admin = admin;
        this.settings = settings;
        this.owner = owner;
        this.ourClaim = new Claim(owner, settings.lease(), settings.maxRetries());
        this.cursor = new ClaimCursor(settings.pollInterval());
        this.pacing = new BacklogPacing(settings.shareWhileIngestBusy(), settings.paceBacklogOlderThan(),
                                        () -> listeners.forEach(RelayListener::paced));
    }

    public void addListener(RelayListener listener) {
        listeners.add(listener);
    }

    /**
     * While {@code ingestBusy} says so and the backlog is old ({@code relay.pace-backlog-older-than}),
     * the backlog is claimed at a pace that leaves ingest the database ({@link BacklogPacing}).
     */
    public void yieldTo(BooleanSupplier ingestBusy) {
        pacing.yieldTo(ingestBusy);
    }

    public String owner() {
        return owner;
    }

    public RelaySettings settings() {
        return settings;
    }

    /** True while the relay waits for an unreachable broker. */
    public boolean brokerDown() {
        return brokerDown.get();
    }

    /** Starts the background pool. */
    public void start() {
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            Thread worker = Thread.ofVirtual().name("relay-" + i).unstarted(this::workLoop);
            workers.add(worker);
            worker.start();
        }
        LOGGER.log(Level.INFO, "relay started: " + settings.workers() + " workers, owner " + owner);
    }

    /**
     * Events may be stored claimed for this relay while it runs, reaches the broker, and is not
     * behind with what it was handed already.
     */
    @Override
    public Optional<Claim> claim() {
        if (!running || !settings.direct() || brokerDown.get() || handed.size() >= settings.batchSize()) {
            return Optional.empty();
        }
        return Optional.of(ourClaim);
    }

    /** Events handed over by ingest so far (stored claimed, sent without a claim query). */
    public long handedOver() {
        return handedOver.get();
    }

    @Override
    public void deliver(List<Event> claimed) {
        handedOver.addAndGet(claimed.size());
        handed.addAll(claimed);
        // Wakes a worker for these alone: not counted as news of PENDING events, which would send
        // the busy workers to claim.
        signalOne();
    }

    private List<Event> takeHanded() {
        List<Event> batch = new ArrayList<>();
        handed.drainTo(batch, settings.batchSize());
        return batch;
    }

    /** While the broker is away, what ingest handed over goes back to PENDING rather than wait out its lease. */
    private void releaseHanded() {
        List<Event> waiting = takeHanded();
        if (!waiting.isEmpty()) {
            store.release(waiting.stream().map(Event::id).toList(), owner);
        }
    }

    /** New PENDING events were committed: wake a worker to claim now rather than at its next poll. */
    public void wake() {
        signals.incrementAndGet();
        if (!pacing.pacing()) {  // a paced worker goes on by itself; the others wait their turn
            signalOne();
        }
    }

    private void signalOne() {
        lock.lock();
        try {
            // One: a single claim takes everything due. Busy workers see the count change and claim
            // again when they finish; the rest would only run empty claims.
            wakeUp.signal();
        } finally {
            lock.unlock();
        }
    }

    private void workLoop() {
        long claimedAt = -1;  // the wake-up count when this worker last claimed
        boolean more = false;
        while (running) {
            long seen = signals.get();
            PassResult result = PassResult.NONE;
            try {
                if (brokerDown.get()) {
                    releaseHanded();
                    probeBroker();
                } else {
                    List<Event> direct = takeHanded();
                    if (!direct.isEmpty()) {
                        result = send(direct, settings.batchSize(), null);
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
                wake();  // a backlog: one more worker joins in
            }
            if (!more && running) {
                awaitWork(seen, brokerDown.get() ? Duration.ofSeconds(1) : settings.pollInterval());
            }
        }
    }

    private void awaitWork(long seen, Duration timeout) {
        lock.lock();
        try {
            if (signals.get() == seen && handed.isEmpty() && running) {
                wakeUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Expired leases and FAILED events whose backoff is over become PENDING; at most once per poll interval. */
    private void housekeeping() {
        long now = System.nanoTime();
        long last = lastHousekeeping.get();
        if (now - last < settings.pollInterval().toNanos() || !lastHousekeeping.compareAndSet(last, now)) {
            return;
        }
        long reclaimed = store.reclaimExpiredLeases();
        if (reclaimed > 0) {
            LOGGER.log(Level.WARNING, "reclaimed " + reclaimed + " events whose lease expired");
        }
        store.requeueDueFailed(settings.maxRetries());
    }

    private void probeBroker() {
        if (admin.reachable(2000)) {
            brokerDown.set(false);
            LOGGER.log(Level.INFO, "Kafka is reachable again; relay resumes");
            wake();
        }
    }

    private PassResult backlogPass() {
        Optional<PassResult> done = pacing.run(() -> pass(settings.batchSize(), List.of()));
        if (done.isEmpty()) {
            awaitHandedOrPoll();  // another worker has the paced turn
            return PassResult.NONE;
        }
        return done.get();
    }

    /** Waits for a direct delivery, a stop, or the poll interval: not for news of PENDING events. */
    private void awaitHandedOrPoll() {
        lock.lock();
        try {
            if (handed.isEmpty() && running) {
                wakeUp.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** One pass now: claim up to {@code limit} due events (only {@code ids}, if given), publish, record outcomes. */
    public PassResult pass(int limit, List<UUID> ids) {
        lastClaim.set(System.nanoTime());
        Optional<LockedEvents> locked = ids.isEmpty()
                // another worker's claim under way: events handed over go out first, the claim after
                ? cursor.claim(limit, after -> store.lockDue(ourClaim, limit, ids, after), () -> !handed.isEmpty() || !running)
                : Optional.of(store.lockDue(ourClaim, limit, ids));
        if (locked.isEmpty()) {
            return PassResult.MORE;
        }
        try (LockedEvents claimed = locked.get()) {
            if (claimed.events().isEmpty()) {
                if (claimed.lockedCount() == 0 && ids.isEmpty()) {
                    pacing.claimedNothing();
                }
                // Every event locked was held back: the cursor has moved past them, and more may follow.
                return claimed.lockedCount() >= limit ? PassResult.MORE : PassResult.NONE;
            }
            if (ids.isEmpty()) {
                pacing.claimed(claimed.oldestAge());  // seq order, so the first is the oldest
            }
            return send(claimed.events(), limit, claimed);
        }
    }

    private boolean claimDue() {
        return System.nanoTime() - lastClaim.get() >= settings.pollInterval().toNanos();
    }

    /**
     * Sends events claimed for this relay, waits for every acknowledgement, records the outcomes: in
     * the claim's transaction when {@code locked}, else (stored claimed by ingest) on their own. An
     * aggregate's later events in the claim go out in later rounds ({@link Waves}), and not at all
     * once one of its events was not acknowledged (nor when their round is too small to wait for).
     */
    private PassResult send(List<Event> claimed, int limit, LockedEvents locked) {
        // null: no answer yet; ACKED; HELD_BACK; or the error. Written by the producer's callbacks.
        AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(claimed.size());
        long deadline = System.nanoTime() + settings.lease().toNanos();
        Set<String> stopped = new HashSet<>();  // aggregates with an event not acknowledged
        Waves waves = Waves.of(claimed);
        waves.later().forEach(index -> outcomes.set(index, HELD_BACK));
        for (List<Integer> wave : waves.rounds()) {
            List<Integer> going = new ArrayList<>(wave.size());
            for (int index : wave) {
                if (stopped.contains(claimed.get(index).aggregateId())) {
                    outcomes.set(index, HELD_BACK);
                } else {
                    going.add(index);
                }
            }
            if (going.isEmpty()) {
                continue;  // every aggregate of the round stopped: no flush, which would wait for the other workers' sends
            }
            sendAll(claimed, going, outcomes, deadline);
            for (int index : going) {
                if (outcomes.get(index) != ACKED) {
                    stopped.add(claimed.get(index).aggregateId());
                }
            }
        }
        return record(claimed, outcomes, limit, locked);
    }

    private void sendAll(List<Event> claimed, List<Integer> indexes, AtomicReferenceArray<Object> outcomes, long deadline) {
        CountDownLatch acks = new CountDownLatch(indexes.size());
        for (int index : indexes) {
            try {
                producer.send(records.record(claimed.get(index)), (metadata, error) -> {
                    // Runs on the producer's I/O thread: record the outcome and nothing else.
                    outcomes.set(index, error == null ? ACKED : error);
                    acks.countDown();
                });
            } catch (RuntimeException e) {
                outcomes.set(index, e);
                acks.countDown();
            }
        }
        // Send the claimed batch now instead of waiting out linger.ms: the batch is already complete.
        producer.flush();
        awaitAcks(acks, deadline);
    }

    private void awaitAcks(CountDownLatch acks, long deadline) {
        try {
            // delivery.timeout.ms bounds every send; the margin (up to the lease) covers a slow callback.
            if (!acks.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOGGER.log(Level.WARNING, "relay: acknowledgements still missing after the lease");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PassResult record(List<Event> claimed, AtomicReferenceArray<Object> outcomes, int limit, LockedEvents locked) {
        List<Long> published = new ArrayList<>();  // seqs: the mark finds state rows by them
        List<UUID> released = new ArrayList<>();
        List<UUID> heldBack = new ArrayList<>();  // not sent: an earlier one was not acknowledged, or its round was left
        List<Failure> failures = new ArrayList<>();
        List<Event> failedEvents = new ArrayList<>();
        List<Event> publishedEvents = new ArrayList<>();
        RuntimeException brokerError = null;
        for (int i = 0; i < claimed.size(); i++) {
            Event event = claimed.get(i);
            Object outcome = outcomes.get(i);
            Exception error = outcome instanceof Exception e ? e : null;
            if (outcome == ACKED) {
                published.add(event.seq());
                publishedEvents.add(event);
            } else if (outcome == HELD_BACK) {
                heldBack.add(event.id());
            } else if (outcome == null || isBrokerLevel(error)) {
                released.add(event.id());
                if (error instanceof RuntimeException re) {
                    brokerError = re;
                }
            } else {
                int attempt = event.retryCount() + 1;
                failures.add(new Failure(event.id(), describe(error), settings.backoff().delay(attempt)));
                failedEvents.add(event);
                LOGGER.log(Level.WARNING, "event " + event.id() + " failed to publish (attempt " + attempt + "): "
                        + describe(error));
            }
        }
        boolean full = (locked != null ? locked.lockedCount() : claimed.size()) >= limit;
        EventStore.Marked marked;
        if (locked != null) {
            // Released and held-back events are simply not written: PENDING still, due again once the locks go.
            // After a full claim this worker claims again at once; unless the cursor remembers events
            // to go back to, what the marked events held back need not be looked for.
            marked = full && !cursor.remembersHeldBack()
                    ? locked.markProcessedOnly(published)
                    : locked.markProcessed(published);
            locked.markFailed(failures, owner);
            locked.commit();
        } else {
            marked = store.markProcessed(published);
            store.markFailed(failures, owner);
            List<UUID> back = new ArrayList<>(released);
            back.addAll(heldBack);
            store.release(back, owner);
        }
        if (!released.isEmpty() && brokerDown.compareAndSet(false, true)) {
            LOGGER.log(Level.WARNING, "Kafka unreachable (" + (brokerError == null ? "no acknowledgement" : describe(brokerError))
                    + "); relay paused, " + released.size() + " events back to PENDING without spending a retry");
        }
        for (Event e : publishedEvents) {
            listeners.forEach(l -> l.published(e));
        }
        for (Event e : failedEvents) {
            boolean permanently = !settings.lifecycle().retriesLeft(e.retryCount() + 1);
            listeners.forEach(l -> l.failed(e, permanently));
        }
        // A permanent failure lets the aggregate's next event go; a full claim may have left more.
        if (marked.unblocked()) {
            cursor.released(marked.nextWaiting());
        }
        boolean more = marked.unblocked() || !failures.isEmpty() || full;
        return new PassResult(claimed.size(), published.size(), failures.size(), more, full);
    }

    static boolean isBrokerLevel(Exception error) {
        return error instanceof RetriableException
                || error instanceof org.apache.kafka.common.errors.InterruptException
                || (error.getCause() instanceof RetriableException);
    }

    private static String describe(Exception error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    /**
     * Stops claiming, lets in-flight sends finish (bounded by {@code shutdown-timeout}), and returns
     * whatever this instance still holds to PENDING.
     */
    @Override
    public void close() {
        running = false;
        pacing.close();
        lock.lock();
        try {
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        for (Thread worker : workers) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                worker.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            long released = store.releaseAll(owner);
            if (released > 0) {
                LOGGER.log(Level.INFO, "relay stopped; " + released + " claimed events returned to PENDING");
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "relay stopped; could not return claims (their lease will expire): " + e.getMessage());
        }
    }
}
