package eventservice.relay;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import eventservice.store.LockedEvents;

/**
 * Where the next claim starts scanning. Claims are taken one at a time, each past the last event
 * the one before locked, so the workers take consecutive slices of a backlog rather than each
 * scanning the rows the others hold locked.
 *
 * <p>Events passed over (held back: an earlier event of their aggregate was on its way in another
 * claim, or FAILED and waiting out its backoff) are found again: the cursor goes back to the start
 * after a claim that reached the end, and once {@code rewindEvery} has passed since the first claim
 * after the last rewind that returned events (claims that return nothing do not count, or a long
 * blocked stretch would hide what lies behind it); and it goes back to a held-back event as soon as
 * the one before it is acknowledged ({@link #released}), if at least a tenth of its slice was held
 * back (going back for the few of a drain would rescan the slices in flight). Figures:
 * bench/HISTORY.md, "moved from comments".
 */
final class ClaimCursor {
    // Held-back events remembered since the last rewind, at most this many (a rewind finds the rest),
    // from slices of which at least 1 / HELD_BACK_SHARE was held back.
    private static final int MAX_HELD_BACK = 100_000;
    private static final int HELD_BACK_SHARE = 10;
    // How often a worker waiting for another's claim asks whether it has better things to do.
    private static final long WAIT_SLICE_MILLIS = 5;
    private final ReentrantLock lock = new ReentrantLock();
    private final long rewindEveryNanos;
    // Written by claims (under lock) and by released(), without it: released() runs after every
    // claim's commit, and should not wait there for another worker's claim statement.
    private final Set<Long> heldBack = ConcurrentHashMap.newKeySet();
    private final AtomicLong releasedFrom = new AtomicLong(Long.MAX_VALUE);  // the earliest released, not yet applied
    private long after;  // guarded by lock, as is the field below
    private long claimingSince = -1;  // when a claim since the last rewind first returned events; -1: none yet

    ClaimCursor(Duration rewindEvery) {
        this.rewindEveryNanos = rewindEvery.toNanos();
    }

    /**
     * Claims up to {@code limit} events with {@code lockAfter} (seq to start after), and moves the
     * cursor; empty if, while another worker's claim is under way, {@code giveUp} says to stop
     * waiting for it (a worker with events handed over sends those first: they must not queue behind
     * the backlog).
     */
    Optional<LockedEvents> claim(int limit, LongFunction<LockedEvents> lockAfter, BooleanSupplier giveUp) {
        try {
            while (!lock.tryLock(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                if (giveUp.getAsBoolean()) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            long now = System.nanoTime();
            if (claimingSince >= 0 && now - claimingSince >= rewindEveryNanos) {
                rewind();
            }
            long released = releasedFrom.getAndSet(Long.MAX_VALUE);
            if (released != Long.MAX_VALUE) {
                after = Math.min(after, released - 1);
            }
            LockedEvents claimed = lockAfter.apply(after);
            if (claimed.lockedCount() < limit) {
                rewind();
            } else {
                after = claimed.lastLockedSeq();
                if (claimed.heldBack().size() * HELD_BACK_SHARE >= claimed.lockedCount()
                        && heldBack.size() + claimed.heldBack().size() <= MAX_HELD_BACK) {
                    heldBack.addAll(claimed.heldBack());
                }
                if (claimingSince < 0 && !claimed.events().isEmpty()) {
                    claimingSince = now;
                }
            }
            return Optional.of(claimed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The event at {@code seq} is no longer held back (the one before it was acknowledged): if the
     * cursor passed it over, the next claim starts at it.
     */
    void released(long seq) {
        if (heldBack.remove(seq)) {
            releasedFrom.accumulateAndGet(seq, Math::min);
        }
    }

    /** Whether events passed over are remembered, for {@link #released} to move the cursor back to. */
    boolean remembersHeldBack() {
        return !heldBack.isEmpty();
    }

    private void rewind() {
        after = 0;
        releasedFrom.set(Long.MAX_VALUE);
        claimingSince = -1;
        heldBack.clear();
    }
}
