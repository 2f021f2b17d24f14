package eventservice.store;

import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import io.helidon.config.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;

/**
 * The ordering check's plans when event_state has a row count but no column statistics: what a new
 * installation has after its first VACUUM (V4 analyzes the tables while they are empty, which
 * stores none), and any database after pg_upgrade until it is analyzed. The planner then guesses
 * that 0.5 % of the table matches an aggregate and, since EXISTS stops at the first match, that a
 * table scan finds one as soon as a probe of the aggregate index: direct delivery's insert scanned
 * all of event_state for every event it stored, and publishes took up to 3 s until the next VACUUM
 * (found in the end-to-end bench at 1 000 events/s). With ORDER BY seq LIMIT 1 a table scan must read and
 * sort every row before its first, so the probe wins whatever the estimates.
 */
class QueryPlanWithoutStatisticsTest {
    private static final Config CONFIG = TestConfig.forTest(QueryPlanWithoutStatisticsTest.class);
    private static final String DB = CONFIG.get("db.name").asString().get();

    @Test
    void directDeliveryProbesTheAggregateIndex() throws Exception {
        String plan = Plans.generic(CONFIG, "insert-events-claimed",
                "text[], text[], text[], text[], text[], text[], text[], text[], text, bigint, int",
                "'{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', 'test', 60000, 3");
        assertThat(plan, containsString("Index Scan using event_state_unfinished_aggregate on event_state b"));
        assertThat(plan, not(containsString("Seq Scan on event_state")));
    }

    @Test
    void theClaimProbesTheAggregateIndex() throws Exception {
        String plan = Plans.generic(CONFIG, "lock-due-events",
                "bigint, text[], text[], int, int", "0, '{}', '{}', 500, 3");
        assertThat(plan, containsString("Index Cond: ((aggregate_id = l.aggregate_id) AND (seq < l.seq))"));
        assertThat(plan, not(containsString("Seq Scan on event_state")));
    }

    @Test
    void theMarkProbesTheAggregateIndex() throws Exception {
        String plan = Plans.generic(CONFIG, "mark-events-processed", "bigint[], text[], int[], bigint[]", "'{}', '{}', '{}', '{}'");
        assertThat(plan, containsString("using event_state_unfinished_aggregate on event_state b"));
        assertThat(plan, not(containsString("Seq Scan on event_state")));
    }

    @BeforeAll
    static void countedButNotAnalyzed() {
        Database.open(CONFIG.get("db")).close();
        TestDb db = new TestDb(DB);
        // 10 000 events of as many aggregates, stored claimed and then marked PROCESSED as direct
        // delivery does, two still on their way; VACUUM (not ANALYZE) counts the rows.
        db.insertEvents("(id, type, aggregate_id, payload)"
                        + " SELECT gen_random_uuid(), 'ORDER_CREATED', 'order-' || (i * 7919 % 100000), '{}'"
                        + " FROM generate_series(1, 10000) AS i",
                "status, claimed_by, lease_until", "'PROCESSING', 'test', now()");
        db.execute("UPDATE event_state SET status = 'PROCESSED', processed_at = now(), claimed_by = NULL, lease_until = NULL"
                   + " WHERE seq <= (SELECT max(seq) - 2 FROM event_state)");
        db.execute("VACUUM event_state");
        assertThat("no column statistics", db.strings("SELECT attname FROM pg_stats WHERE tablename = 'event_state'"), empty());
    }
}
