package eventservice.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import eventservice.event.EventStatus;
import eventservice.support.Eventually;
import eventservice.support.StoreFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The service's connections keep one generic plan per statement (the plans QueryPlanTest checks),
 * except for the page query, whose best index depends on the values it filters by.
 */
class PlanCacheTest {
    private static StoreFixture fixture;

    @BeforeAll
    static void historyWithFewFailedEventsAndARareType() {
        fixture = StoreFixture.open(PlanCacheTest.class);
        fixture.db().insertEvents("(id, type, aggregate_id, payload)"
                        + " SELECT gen_random_uuid(), CASE WHEN i % 1000 = 0 THEN 'PAYMENT_FAILED' ELSE 'ORDER_CREATED' END,"
                        + " 'order-' || i, '{}' FROM generate_series(1, 20000) AS i",
                "status, processed_at", "'PROCESSED', now()");
        fixture.db().execute("UPDATE event_state SET status = 'FAILED', retry_count = 3, processed_at = NULL WHERE seq % 2000 = 0");
        fixture.db().execute("ANALYZE event_log, event_state");
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void pooledConnectionsKeepAGenericPlanAndCompileNothing() throws Exception {
        try (Connection c = fixture.database().pool().connection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('plan_cache_mode'), current_setting('jit')")) {
            rs.next();
            assertThat(rs.getString(1), is("force_generic_plan"));
            assertThat(rs.getString(2), is("off"));
        }
    }

    @Test
    void pagesOfFailedEventsAndOfARareTypeReadTheirIndexes() {
        long failedScans = indexScans("event_state_failed_seq");
        long typeScans = indexScans("events_type_seq");
        // More calls than the five after which a prepared statement may keep a generic plan. A
        // generic plan would read the whole table in seq order for each page.
        int calls = 8;
        for (int i = 0; i < calls; i++) {
            var failed = fixture.store().page(new EventQuery(null, EventStatus.FAILED, null, 0, 50));
            assertThat(failed, hasSize(10));
            assertThat(failed.stream().map(e -> e.status()).toList(), everyItem(is(EventStatus.FAILED)));
            var rare = fixture.store().page(new EventQuery("PAYMENT_FAILED", null, null, 0, 50));
            assertThat(rare, hasSize(20));
        }
        // A connection closing reports its statistics at once (an idle one within 10 s).
        fixture.database().pool().evictIdle();
        Eventually.await(Duration.ofSeconds(20), "each page read through its index",
                () -> indexScans("event_state_failed_seq") >= failedScans + calls
                        && indexScans("events_type_seq") >= typeScans + calls);
    }

    private static long indexScans(String index) {
        return Long.parseLong(fixture.db().strings(
                "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = '" + index + "'").getFirst());
    }
}
