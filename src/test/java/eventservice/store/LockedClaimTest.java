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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The relay's claim is a row lock held by an open transaction, against the real PostgreSQL: while
 * it is open no other relay takes the events (they stay PENDING, ordered per aggregate); a commit
 * writes each event once; a claim ended without a commit leaves them due at once, retries unspent.
 */
class LockedClaimTest {
    private static final Claim A = new Claim("relay-a", Duration.ofSeconds(60), 3);
    private static final Claim B = new Claim("relay-b", Duration.ofSeconds(60), 3);
    private static StoreFixture fixture;
    private static EventStore store;
    private static TestDb db;

    @BeforeAll
    static void open() {
        fixture = StoreFixture.open(LockedClaimTest.class);
        store = fixture.store();
        db = fixture.db();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @BeforeEach
    void twoAggregatesOfTwoEvents() {
        db.execute("TRUNCATE events");
        db.execute("INSERT INTO events (id, type, aggregate_id, payload)"
                + " SELECT gen_random_uuid(), 'ORDER_CREATED', 'order-' || (g % 2), '{}' FROM generate_series(0, 3) g");
    }

    @Test
    void lockedEventsAreNotClaimedTwiceAndACommitWritesThemOnce() {
        try (LockedEvents a = store.lockDue(A, 10, List.of())) {
            // the first event of each aggregate; the second waits for it
            assertThat(a.events(), hasSize(2));
            assertThat(db.count("status = 'PENDING'"), is(4L));
            try (LockedEvents b = store.lockDue(B, 10, List.of())) {
                assertThat("held by A's transaction, and their aggregates' later events wait", b.events(), is(empty()));
            }
            EventStore.Marked marked = a.markProcessed(ids(a.events()));
            a.commit();
            assertThat(marked.count(), is(2L));
            assertThat("a later event of the aggregate was waiting", marked.unblocked(), is(true));
        }
        assertThat(db.count("status = 'PROCESSED' AND claimed_by IS NULL AND processed_at IS NOT NULL"), is(2L));
        try (LockedEvents b = store.lockDue(B, 10, List.of())) {
            assertThat("now the aggregates' second events", b.events(), hasSize(2));
        }
    }

    @Test
    void aClaimEndedWithoutCommitLeavesItsEventsDueWithRetriesUnspent() {
        List<UUID> first;
        try (LockedEvents a = store.lockDue(A, 10, List.of())) {
            first = ids(a.events());
            a.markProcessed(first);  // written, then lost with the transaction (a crash before the commit)
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

    private static List<UUID> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }
}
