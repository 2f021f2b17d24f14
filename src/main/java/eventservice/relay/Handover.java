package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import eventservice.event.Event;
import eventservice.store.Claim;

/**
 * What ingest tells its instance's relay, and what the relay's workers wait on. A writer asks for a
 * {@link #claim()} before it stores a group: the events the relay can take are then stored claimed
 * for it and, once committed, handed over ({@link #deliver}) to be sent without a claim query. A
 * commit of PENDING events is news ({@link #committed()}): a worker claims at once rather than at
 * its next poll. And ingest says when it waits for the database, which backlog claims yield to.
 */
public final class Handover {
    // A publish that found no writer free keeps ingest busy this long, so that the pacing holds
    // between such publishes rather than starting and stopping with each one.
    private static final long BUSY_WINDOW_NANOS = Duration.ofMillis(200).toNanos();

    private final Claim claim;
    private final int room;
    private final BlockingQueue<Event> handed = new LinkedBlockingQueue<>();
    private final AtomicLong news = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final AtomicLong lastIngestWait = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    private final AtomicInteger batchesStoring = new AtomicInteger();
    private volatile boolean open;
    private volatile BooleanSupplier pacedTurn = () -> false;

    /** For the relay of {@code owner}: claims under its lease and retries, at most a batch waiting. */
    public Handover(RelaySettings settings, String owner) {
        this.claim = new Claim(owner, settings.lease(), settings.maxRetries());
        this.room = settings.batchSize();
    }

    /**
     * The claim to store a group under: present while the relay runs with direct delivery, reaches
     * the broker, and is not behind with what it was handed already.
     */
    public Optional<Claim> claim() {
        return open && handed.size() < room ? Optional.of(claim) : Optional.empty();
    }

    /** Events stored PROCESSING under {@link #claim()}, committed: a worker sends them next. */
    public void deliver(List<Event> claimed) {
        handed.addAll(claimed);
        // Not counted as news of PENDING events, which would send the busy workers to claim.
        signalOne();
    }

    /** PENDING events were committed (or a claim left some due): a worker claims now. */
    public void committed() {
        news.incrementAndGet();
        if (!pacedTurn.getAsBoolean()) {  // a paced worker goes on by itself; the others wait their turn
            signalOne();
        }
    }

    /** A publish found no writer free: ingest waits for the database. */
    public void ingestWaited() {
        lastIngestWait.set(System.nanoTime());
    }

    /** A batch is being stored, until {@link #batchStored()}. */
    public void batchStoring() {
        batchesStoring.incrementAndGet();
    }

    public void batchStored() {
        batchesStoring.decrementAndGet();
    }

    /**
     * Whether ingest is limited by the database now: a publish found no writer free within the last
     * 200 ms, or a batch is being stored. The relay yields to it ({@code relay.share-while-ingest-busy}).
     */
    public boolean ingestBusy() {
        return batchesStoring.get() > 0 || System.nanoTime() - lastIngestWait.get() < BUSY_WINDOW_NANOS;
    }

    Claim ours() {
        return claim;
    }

    /** Whether claims are offered: the relay runs with direct delivery and reaches the broker. */
    void offerClaims(boolean offer) {
        this.open = offer;
    }

    /** While {@code pacedTurn} says so, news wakes no one ({@link BacklogPacing}). */
    void quietDuring(BooleanSupplier pacedTurn) {
        this.pacedTurn = pacedTurn;
    }

    boolean nothingHanded() {
        return handed.isEmpty();
    }

    /** Up to {@code max} of the events handed over, oldest first. */
    List<Event> take(int max) {
        List<Event> batch = new ArrayList<>();
        handed.drainTo(batch, max);
        return batch;
    }

    /** How many times there was news so far: a worker that saw this count has seen that news. */
    long news() {
        return news.get();
    }

    /**
     * Waits up to {@code timeout} for events handed over, for {@code stop}, and, when {@code seen} is
     * not negative, for news since that count.
     */
    void await(long seen, Duration timeout, BooleanSupplier stop) {
        lock.lock();
        try {
            if ((seen < 0 || news.get() == seen) && handed.isEmpty() && !stop.getAsBoolean()) {
                work.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void signalOne() {
        lock.lock();
        try {
            // One: a single claim takes everything due. Busy workers see the count change and claim
            // again when they finish; the rest would only run empty claims.
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting worker (the relay stops). */
    void wakeAll() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
