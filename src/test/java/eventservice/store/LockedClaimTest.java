package eventservice.store;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import eventservice.event.Event;
import eventservice.support.StoreFixture;
import eventservice.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The relay's claim is a row lock held by an open transaction, against the real PostgreSQL: while
 * it is open no other relay takes the events (they stay PENDING, ordered per aggregate); a commit
 * writes each event once; a claim ended without a commit leaves them due at once, retries unspent.
 * An aggregate's events are claimed together from its first unfinished one on, never past an
 * earlier one that is on its way elsewhere or FAILED with retries left.
 */
class LockedClaimTest {
    private static final Claim A = new Claim("relay-a", Duration.ofSeconds(60), 3);
    private static final Claim B = new Claim("relay-b", Duration.ofSeconds(60), 3);
    private static StoreFixture fixture;
    private static DeliveryState store;
    private static TestDb db;

    @BeforeAll
    static void open() {
        fixture = StoreFixture.open(LockedClaimTest.class);
        store = fixture.state();
        db = fixture.db();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @BeforeEach
    void twoAggregatesOfTwoEvents() {
        db.truncate();
        db.insertEvents("(id, type, aggregate_id, payload)"
                + " SELECT gen_random_uuid(), 'ORDER_CREATED', 'order-' || (g % 2), '{}' FROM generate_series(0, 3) g");
    }

    @Test
    void theClaimSaysHowOldItsFirstEventIsByTheDatabasesClock() {
        // stamped 42 s ago by the database's clock: the relay's pacing must not compare created_at
        // with its own clock, which may be set differently
        db.execute("UPDATE event_log SET created_at = now() - interval '42 seconds'");
        try (LockedEvents a = store.lockDue(A, 10, List.of())) {
            assertThat(a.oldestAge(), allOf(greaterThanOrEqualTo(Duration.ofSeconds(42)), lessThan(Duration.ofSeconds(52))));
        }
        try (LockedEvents none = store.lockDue(A, 10, List.of(UUID.randomUUID()))) {
            assertThat(none.oldestAge(), is(Duration.ZERO));
        }
    }

    @Test
    void lockedEventsAreNotClaimedTwiceAndACommitWritesThemOnce() {
        try (LockedEvents a = store.lockDue(A, 10, List.of())) {
            // each aggregate's two events: the second goes out after the first, in this same claim
            assertThat(aggregates(a), contains("order-0", "order-1", "order-0", "order-1"));
            assertThat(db.count("status = 'PENDING'"), is(4L));
            try (LockedEvents b = store.lockDue(B, 10, List.of())) {
                assertThat("held by A's transaction", b.events(), is(empty()));
                assertThat(b.lockedCount(), is(0));
            }
            DeliveryState.Marked marked = a.markProcessed(seqs(a.events()));
            a.commit();
            assertThat(marked.count(), is(4L));
            assertThat("no later event was waiting", marked.unblocked(), is(false));
        }
        assertThat(db.count("status = 'PROCESSED' AND claimed_by IS NULL AND processed_at IS NOT NULL"), is(4L));
    }

    @Test
    void anEventWhoseEarlierEventAnotherClaimHoldsIsLockedButNotReturned() {
        try (LockedEvents a = store.lockDue(A, 1, List.of())) {
            assertThat(aggregates(a), contains("order-0"));
            try (LockedEvents b = store.lockDue(B, 10, List.of())) {
                // order-0's second event must wait for its first, which A holds (and B skipped)
                assertThat(aggregates(b), contains("order-1", "order-1"));
                assertThat("both order-1 events and order-0's second", b.lockedCount(), is(3));
                assertThat(b.lastLockedSeq(), is(lastSeq()));
            }
        }
    }

    @Test
    void markingSaysWhereTheEarliestEventItHeldBackIs() {
        List<Long> seqs = db.strings("SELECT seq FROM events ORDER BY seq").stream().map(Long::parseLong).toList();
        try (LockedEvents a = store.lockDue(A, 2, List.of())) {
            assertThat(aggregates(a), contains("order-0", "order-1"));
            DeliveryState.Marked marked = a.markProcessed(seqs(a.events()));
            a.commit();
            assertThat("order-0's second event", marked.nextWaiting(), is(seqs.get(2)));
        }
    }

    @Test
    void markingWithoutTheSearchWritesTheSameAndLooksForNothing() {
        try (LockedEvents a = store.lockDue(A, 2, List.of())) {
            DeliveryState.Marked marked = a.markProcessedOnly(seqs(a.events()));
            a.commit();
            assertThat(marked.count(), is(2L));
            assertThat("order-0's second event waited, but was not looked for", marked.unblocked(), is(false));
        }
        assertThat(db.count("status = 'PROCESSED' AND claimed_by IS NULL AND processed_at IS NOT NULL"), is(2L));
        assertThat(db.count("status = 'PENDING'"), is(2L));
    }

    @Test
    void aFailedEventWithRetriesLeftHoldsBackItsAggregateAndAPermanentFailureDoesNot() {
        db.execute("UPDATE event_state SET status = 'FAILED', retry_count = 1, next_attempt_at = now() + interval '1 hour'"
                + " WHERE seq = (SELECT min(seq) FROM events WHERE aggregate_id = 'order-0')");
        try (LockedEvents a = store.lockDue(A, 10, List.of())) {
            assertThat(aggregates(a), contains("order-1", "order-1"));
            assertThat(a.lockedCount(), is(3));
        }
        db.execute("UPDATE event_state SET retry_count = 3 WHERE status = 'FAILED'");
        try (LockedEvents a = store.lockDue(A, 10, List.of())) {
            assertThat(aggregates(a), contains("order-1", "order-0", "order-1"));
        }
    }

    @Test
    void aClaimOfEventsAllHeldBackStillSaysHowFarItScanned() {
        db.execute("UPDATE event_state SET status = 'PROCESSING', claimed_by = 'relay-b', lease_until = now() + interval '1 minute'"
                + " WHERE seq IN (SELECT min(seq) FROM events GROUP BY aggregate_id)");
        try (LockedEvents a = store.lockDue(A, 2, List.of())) {
            assertThat(a.events(), is(empty()));
            assertThat(a.lockedCount(), is(2));
            assertThat(a.lastLockedSeq(), is(lastSeq()));
        }
    }

    @Test
    void aClaimEndedWithoutCommitLeavesItsEventsDueWithRetriesUnspent() {
        List<UUID> first;
        try (LockedEvents a = store.lockDue(A, 10, List.of())) {
            first = ids(a.events());
            a.markProcessed(seqs(a.events()));  // written, then lost with the transaction (a crash before the commit)
        }
        assertThat(db.count("status = 'PENDING' AND retry_count = 0"), is(4L));
        try (LockedEvents b = store.lockDue(B, 10, List.of())) {
            assertThat(ids(b.events()), contains(first.toArray()));
        }
    }

    @Test
    void aPerRecordFailureIsWrittenInTheClaim() {
        try (LockedEvents a = store.lockDue(A, 1, List.of())) {
            UUID id = a.events().getFirst().id();
            a.markFailed(List.of(new Failure(id, "RecordTooLargeException: too big", Duration.ofSeconds(1))), A.owner());
            a.commit();
            assertThat(db.count("status = 'FAILED' AND retry_count = 1 AND id = '" + id + "'"), is(1L));
        }
    }

    private static long lastSeq() {
        return Long.parseLong(db.strings("SELECT max(seq) FROM events").getFirst());
    }

    private static List<String> aggregates(LockedEvents claimed) {
        return claimed.events().stream().map(Event::aggregateId).toList();
    }

    private static List<Acknowledged> seqs(List<Event> events) {
        return events.stream().map(e -> new Acknowledged(e.seq(), 0, e.seq())).toList();
    }

    private static List<UUID> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }
}
