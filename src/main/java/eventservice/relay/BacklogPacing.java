package eventservice.relay;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Gives ingest the database first. While ingest says it is busy (a publish found no writer free,
 * or a batch is being stored) and the relay's claims are of an old backlog (the oldest event of the
 * last claim stored at least {@code olderThan} ago), backlog claims are taken by one worker at a
 * time, which pauses after each so that claiming takes at most {@code share} of its time; otherwise
 * every worker claims at once. Events stored moments ago are the steady stream, not a backlog:
 * pacing them at a high publish rate (ingest then looks busy all the time) left the relay behind the
 * stream for good. Direct deliveries are not claims and are never paced.
 */
final class BacklogPacing {
    private final double share;
    private final long olderThanNanos;
    private final Runnable onPacedPass;
    private static final long NOTHING_DUE = Long.MAX_VALUE;
    // When (System.nanoTime) the oldest event of the last backlog claim was stored; NOTHING_DUE: nothing
    // was due. Counts as old until the first claim: a relay that starts on a backlog yields from its first pass.
    private final AtomicLong oldestStoredAt;
    private final ReentrantLock turn = new ReentrantLock();  // held by the worker whose paced turn it is
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closing = lock.newCondition();
    private volatile BooleanSupplier ingestBusy = () -> false;
    private volatile boolean closed;

    /** {@code onPacedPass} is told after each paced pass (metrics). */
    BacklogPacing(double share, Duration olderThan, Runnable onPacedPass) {
        if (!validShare(share)) {
            throw new IllegalArgumentException("relay.share-while-ingest-busy must be above 0 and at most 1, not " + share);
        }
        this.share = share;
        this.olderThanNanos = olderThan.toNanos();
        this.onPacedPass = onPacedPass;
        this.oldestStoredAt = new AtomicLong(System.nanoTime() - olderThanNanos);
    }

    /** Above 0 (the relay must make progress) and at most 1 (all of a worker's time). */
    static boolean validShare(double share) {
        return share > 0 && share <= 1;
    }

    void yieldTo(BooleanSupplier ingestBusy) {
        this.ingestBusy = ingestBusy;
    }

    /**
     * The last backlog claim returned events, the oldest stored {@code oldestAge} before the claim
     * (measured by the database, whose clock stamped it). Kept on this JVM's monotonic clock from
     * here on, so neither a difference between the hosts' clocks nor a step of the wall clock counts.
     */
    void claimed(Duration oldestAge) {
        oldestStoredAt.set(System.nanoTime() - oldestAge.toNanos());
    }

    /** The last backlog claim found nothing due: there is no backlog. */
    void claimedNothing() {
        oldestStoredAt.set(NOTHING_DUE);
    }

    private boolean backlogIsOld() {
        long oldest = oldestStoredAt.get();
        return oldest != NOTHING_DUE && System.nanoTime() - oldest >= olderThanNanos;
    }

    /** True during a paced turn: news of PENDING events need not wake the other workers. */
    boolean pacing() {
        return turn.isLocked();
    }

    /** Runs {@code pass} now, or as the paced turn; empty when another worker has the turn. */
    <T> Optional<T> run(Supplier<T> pass) {
        if (!backlogIsOld() || !ingestBusy.getAsBoolean()) {
            return Optional.of(pass.get());
        }
        if (!turn.tryLock()) {
            return Optional.empty();
        }
        try {
            long began = System.nanoTime();
            T result = pass.get();
            onPacedPass.run();
            pause(pauseAfter(System.nanoTime() - began));
            return Optional.of(result);
        } finally {
            turn.unlock();
        }
    }

    /** The pause after a pass of {@code passNanos} that makes the pass {@code share} of the turn. */
    long pauseAfter(long passNanos) {
        return (long) (passNanos * (1 - share) / share);
    }

    private void pause(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !closed) {
                left = closing.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Ends a pause under way at once (the relay is stopping). */
    void close() {
        lock.lock();
        try {
            closed = true;
            closing.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
