package eventservice.retention;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import eventservice.cache.RedisCache;
import eventservice.event.EventValidator;
import eventservice.query.EventQueries;
import eventservice.store.EventStore;
import eventservice.support.StoreFixture;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import io.helidon.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Retention against the real PostgreSQL: what goes, what stays, and that the table does not only grow. */
class RetentionTest {
    private static Config config;
    private static StoreFixture fixture;
    private static EventStore store;
    private static TestDb db;

    @BeforeAll
    static void open() {
        fixture = StoreFixture.open(RetentionTest.class);
        config = fixture.config();
        store = fixture.store();
        db = fixture.db();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @BeforeEach
    void empty() {
        db.truncate();
    }

    /** {@code count} events of {@code status}, created {@code daysAgo} days ago, aggregate {@code prefix}-n. */
    private static void backdated(int count, String status, int daysAgo, String prefix) {
        String ago = "now() - interval '" + daysAgo + " days'";
        db.insertEvents("(id, type, aggregate_id, payload, created_at) SELECT gen_random_uuid(), 'ORDER_CREATED', '"
                        + prefix + "-' || g, '{\"n\": 1}', " + ago + " FROM generate_series(1, " + count + ") g",
                "status, retry_count, updated_at, processed_at",
                "'" + status + "', " + ("FAILED".equals(status) ? 3 : 0) + ", " + ago + ", " + ("PROCESSED".equals(status) ? ago : "NULL"));
    }

    @Test
    void exactlyTheExpiredFinishedEventsGo() {
        backdated(2, "PENDING", 60, "old-pending");
        backdated(1, "PROCESSING", 60, "old-processing");
        backdated(3, "FAILED", 40, "expired-failed");
        backdated(5, "PROCESSED", 10, "expired-processed");
        backdated(2, "CANCELLED", 10, "expired-cancelled");   // cancelled ones go as processed ones do
        backdated(3, "FAILED", 10, "kept-failed");
        backdated(5, "PROCESSED", 2, "kept-processed");
        backdated(1, "CANCELLED", 2, "kept-cancelled");
        backdated(4, "PENDING", 0, "new-pending");

        RetentionJob job = new RetentionJob(store, RetentionJob.Settings.from(config.get("retention")));
        assertThat(job.runOnce(), is(10L));
        assertThat(db.count("aggregate_id LIKE 'kept-cancelled-%'"), is(1L));
        assertThat(db.count("aggregate_id LIKE 'expired-%'"), is(0L));
        assertThat(db.count("aggregate_id LIKE 'old-pending-%'"), is(2L));
        assertThat(db.count("aggregate_id LIKE 'old-processing-%'"), is(1L));
        assertThat(db.count("aggregate_id LIKE 'kept-failed-%'"), is(3L));
        assertThat(db.count("aggregate_id LIKE 'kept-processed-%'"), is(5L));
        assertThat(db.count("aggregate_id LIKE 'new-pending-%'"), is(4L));
        // an event and its state go together: none left of one without the other
        assertThat(db.strings("SELECT count(*) FROM event_log"), is(List.of("16")));
        assertThat(db.strings("SELECT count(*) FROM event_state"), is(List.of("16")));
        assertThat("a second run finds nothing", job.runOnce(), is(0L));

        // Pages still walk the rest exactly once, in order.
        EventQueries queries = new EventQueries(store, EventValidator.create(config.get("events")),
                                                RedisCache.create(Config.empty()),
                                                EventQueries.PageSizes.from(config.get("events.page-size")));
        List<Long> seqs = new ArrayList<>();
        String token = "";
        do {
            EventQueries.Page page = queries.list(null, null, null, 3, token);
            page.events().forEach(e -> seqs.add(e.seq()));
            token = page.nextPageToken();
        } while (!token.isEmpty());
        assertThat(seqs.size(), is(16));
        assertThat(seqs, is(seqs.stream().sorted().toList()));
    }

    @Test
    void tableSizeDoesNotDoubleOverTwoPurgeCycles() {
        RetentionJob job = new RetentionJob(store, RetentionJob.Settings.from(config.get("retention")));
        List<Long> sizes = new ArrayList<>();
        for (int cycle = 0; cycle < 2; cycle++) {
            backdated(1_000_000, "PROCESSED", 8, "bulk" + cycle);
            assertThat(job.runOnce(), is(1_000_000L));
            sizes.add(Long.parseLong(db.strings("SELECT pg_total_relation_size('event_log') + pg_total_relation_size('event_state')").getFirst()));
        }
        System.out.printf("retention: event_log and event_state %d MB after the first 1M purged, %d MB after the second%n",
                          sizes.get(0) >> 20, sizes.get(1) >> 20);
        assertThat(db.count("true"), is(0L));
        assertThat("second cycle reuses the space of the first", (double) sizes.get(1), lessThan(sizes.get(0) * 1.5));
    }

    @Test
    void onlyOneInstanceRemovesAtATime() {
        backdated(10, "PROCESSED", 10, "locked");
        db.execute("SELECT 1");   // warm
        try (var c = TestConfig.adminConnection(config.get("db.name").asString().get())) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7311)");   // another instance is removing
                long boundary = store.retentionBoundary(Instant.now());
                assertThat(store.removeFinished("PROCESSED", boundary, 100), is(-1L));
                assertThat(db.count("true"), is(10L));
            }
            c.rollback();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(new RetentionJob(store, RetentionJob.Settings.from(config.get("retention"))).runOnce(), is(10L));
    }
}
