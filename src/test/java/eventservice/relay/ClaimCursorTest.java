package eventservice.relay;

import java.time.Duration;
import java.util.List;

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

/**
 * Claims through the cursor, against the real PostgreSQL: each starts after the previous claim's
 * last event, and the cursor goes back to the oldest event after a short claim or once its period
 * has passed, so events passed over are not left behind.
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
        fixture.db().execute("TRUNCATE events");
        fixture.db().execute("INSERT INTO events (id, type, aggregate_id, payload)"
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

    private static LockedEvents claim(ClaimCursor cursor, int limit) {
        return cursor.claim(limit, after -> fixture.store().lockDue(CLAIM, limit, List.of(), after));
    }

    private static List<String> aggregates(LockedEvents claimed) {
        return claimed.events().stream().map(Event::aggregateId).toList();
    }
}
