package eventservice.relay;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import eventservice.event.Event;
import eventservice.store.Claim;
import eventservice.store.LockedEvents;
import eventservice.support.StoreFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * Claims through the cursor, against the real PostgreSQL: each starts after the previous claim's
 * last event, and the cursor goes back to the oldest event after a short claim or once its period
 * has passed, so events passed over are not left behind; slices of held-back events are walked
 * past, so the events behind them are not left behind either.
 */
class ClaimCursorTest {
    private static final Claim CLAIM = new Claim("relay-a", Duration.ofSeconds(60), 3);
    private static StoreFixture fixture;

    @BeforeAll
    static void open() {
        fixture = StoreFixture.open(ClaimCursorTest.class);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @BeforeEach
    void sevenAggregatesOfOneEvent() {
        fixture.db().truncate();
        fixture.db().insertEvents("(id, type, aggregate_id, payload)"
                + " SELECT gen_random_uuid(), 'ORDER_CREATED', 'order-' || g, '{}' FROM generate_series(1, 7) g");
    }

    @Test
    void aClaimStartsAfterThePreviousOneAndAShortClaimRewinds() {
        ClaimCursor cursor = new ClaimCursor(Duration.ofHours(1));
        // Ended without a commit, so 1-3 are due again at once: only the cursor keeps the next claim off them.
        try (LockedEvents first = claim(cursor, 3)) {
            assertThat(aggregates(first), contains("order-1", "order-2", "order-3"));
        }
        try (LockedEvents second = claim(cursor, 3)) {
            assertThat(aggregates(second), contains("order-4", "order-5", "order-6"));
        }
        try (LockedEvents shortClaim = claim(cursor, 3)) {
            assertThat(aggregates(shortClaim), contains("order-7"));
        }
        try (LockedEvents fromTheStart = claim(cursor, 3)) {
            assertThat(aggregates(fromTheStart), contains("order-1", "order-2", "order-3"));
        }
    }

    @Test
    void theCursorRewindsOncePerPeriodEvenWhileClaimsAreFull() {
        ClaimCursor cursor = new ClaimCursor(Duration.ZERO);
        try (LockedEvents first = claim(cursor, 3)) {
            assertThat(aggregates(first), contains("order-1", "order-2", "order-3"));
        }
        try (LockedEvents again = claim(cursor, 3)) {
            assertThat(aggregates(again), contains("order-1", "order-2", "order-3"));
        }
    }

    @Test
    void claimsThatFindOnlyHeldBackEventsMoveOnAndDoNotCountTowardsARewind() {
        // order-1 .. order-4 each get a later event, held back behind a FAILED first one
        fixture.db().execute("UPDATE event_state SET status = 'FAILED', retry_count = 1, next_attempt_at = now() + interval '1 hour'"
                + " WHERE aggregate_id IN ('order-1', 'order-2', 'order-3', 'order-4')");
        fixture.db().insertEvents("(id, type, aggregate_id, payload)"
                + " SELECT gen_random_uuid(), 'ORDER_UPDATED', 'order-' || g, '{}' FROM generate_series(1, 4) g");
        // PENDING in seq order: order-5, order-6, order-7, then the four held back; then one more
        fixture.db().insertEvents("(id, type, aggregate_id, payload) VALUES (gen_random_uuid(), 'ORDER_CREATED', 'order-8', '{}')");
        // A period of zero: had the empty slices counted, every claim after the first would rewind
        // and order-8 would never be reached.
        ClaimCursor cursor = new ClaimCursor(Duration.ZERO);
        try (LockedEvents first = claim(cursor, 3)) {
            assertThat(aggregates(first), contains("order-5", "order-6", "order-7"));
        }
        // A period has passed since a claim returned events: back to the start once.
        try (LockedEvents again = claim(cursor, 3)) {
            assertThat(aggregates(again), contains("order-5", "order-6", "order-7"));
        }
        fixture.db().execute("UPDATE event_state SET status = 'PROCESSED' WHERE aggregate_id IN ('order-5', 'order-6', 'order-7')");
        ClaimCursor fresh = new ClaimCursor(Duration.ZERO);
        try (LockedEvents heldBack = claim(fresh, 3)) {
            assertThat(heldBack.events(), is(empty()));
        }
        try (LockedEvents past = claim(fresh, 3)) {
            assertThat(aggregates(past), contains("order-8"));
        }
    }

    @Test
    void theCursorGoesBackToAHeldBackEventOnceItIsReleased() {
        // order-2's first event is on its way (direct delivery); its second is held back behind it
        fixture.db().execute("UPDATE event_state SET status = 'PROCESSING', claimed_by = 'relay-a', lease_until = now() + interval '1 minute'"
                + " WHERE aggregate_id = 'order-2'");
        fixture.db().insertEvents("(id, type, aggregate_id, payload) SELECT gen_random_uuid(), 'ORDER_UPDATED', a, '{}'"
                + " FROM unnest(ARRAY['order-2', 'order-8', 'order-9']) a");
        ClaimCursor cursor = new ClaimCursor(Duration.ofHours(1));
        try (LockedEvents first = claim(cursor, 3)) {
            assertThat(aggregates(first), contains("order-1", "order-3", "order-4"));
            assertThat("nothing held back yet", cursor.remembersHeldBack(), is(false));
        }
        try (LockedEvents second = claim(cursor, 3)) {
            assertThat(aggregates(second), contains("order-5", "order-6", "order-7"));
        }
        try (LockedEvents third = claim(cursor, 3)) {
            assertThat(aggregates(third), contains("order-8", "order-9"));
            assertThat(third.heldBack(), contains(seqOf("order-2", 2)));
        }
        assertThat("the relay must look for what its marks release", cursor.remembersHeldBack(), is(true));
        cursor.released(seqOf("order-5", 1));  // never held back: the cursor stays
        fixture.db().execute("UPDATE event_state SET status = 'PROCESSED' WHERE status = 'PROCESSING'");
        cursor.released(seqOf("order-2", 2));
        assertThat(cursor.remembersHeldBack(), is(false));
        try (LockedEvents fromIt = claim(cursor, 3)) {
            assertThat(aggregates(fromIt), contains("order-2", "order-8", "order-9"));
        }
    }

    /**
     * Claims go one at a time. A worker waiting for another's claim gives up when told to (events
     * were handed over for it to send), and otherwise takes the next slice once that claim is done.
     */
    @Test
    void aWorkerWaitingForAnotherClaimGivesUpWhenToldTo() throws Exception {
        ClaimCursor cursor = new ClaimCursor(Duration.ofHours(1));
        CountDownLatch inClaim = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean handedOver = new AtomicBoolean();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<LockedEvents> slow = workers.submit(() -> cursor.claim(3, after -> {
                inClaim.countDown();
                awaitQuietly(finish);  // a slow claim statement
                return fixture.state().lockDue(CLAIM, 3, List.of(), after);
            }, () -> false).orElseThrow());
            assertThat(inClaim.await(10, TimeUnit.SECONDS), is(true));
            Future<Optional<LockedEvents>> givesUp = workers.submit(() -> cursor.claim(3,
                    after -> fixture.state().lockDue(CLAIM, 3, List.of(), after), handedOver::get));
            Future<LockedEvents> waits = workers.submit(() -> claim(cursor, 3));

            handedOver.set(true);
            assertThat("gave up while the other claim was under way", givesUp.get(10, TimeUnit.SECONDS).isPresent(), is(false));
            assertThat(slow.isDone() || waits.isDone(), is(false));

            finish.countDown();
            try (LockedEvents first = slow.get(10, TimeUnit.SECONDS); LockedEvents next = waits.get(10, TimeUnit.SECONDS)) {
                assertThat(aggregates(first), contains("order-1", "order-2", "order-3"));
                assertThat(aggregates(next), contains("order-4", "order-5", "order-6"));
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long seqOf(String aggregate, int nth) {
        return fixture.db().strings("SELECT seq FROM events WHERE aggregate_id = '" + aggregate + "' ORDER BY seq")
                .stream().map(Long::parseLong).toList().get(nth - 1);
    }

    private static LockedEvents claim(ClaimCursor cursor, int limit) {
        return cursor.claim(limit, after -> fixture.state().lockDue(CLAIM, limit, List.of(), after), () -> false).orElseThrow();
    }

    private static List<String> aggregates(LockedEvents claimed) {
        return claimed.events().stream().map(Event::aggregateId).toList();
    }
}
