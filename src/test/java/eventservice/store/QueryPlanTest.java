package eventservice.store;

import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import io.helidon.config.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Plans of the statements that run all the time, on a table whose statistics say what a steady
 * state looks like: a history of delivered events, next to nothing unfinished. The relay's claim
 * must check each candidate's earlier events through the aggregate index (a plan that did not, an
 * anti-join scanning every unfinished event per candidate, made claims take 30 s once the relay fell
 * behind), and so must direct delivery's insert and the mark's check for held-back events; the
 * metrics sample must not read the history.
 */
class QueryPlanTest {

    @Test
    void theOrderingCheckProbesTheAggregateIndexInTheGenericPlan() throws Exception {
        // The service's connections keep a generic plan (db.pool.dataSource.options).
        String plan = Plans.generic(CONFIG, "lock-due-events",
                "bigint, text[], text[], int, int", "0, '{}', '{}', 500, 3");
        assertThat(plan, containsString("Index Cond: ((aggregate_id = l.aggregate_id) AND (seq < l.seq))"));
        assertThat(plan, not(containsString("Anti Join")));
        // The claim cursor's start is where the scan of PENDING candidates begins, not a filter on it.
        assertThat(plan, containsString("Index Scan using event_state_pending_seq on event_state p"));
        assertThat(plan, containsString("Index Cond: (seq > $1)"));
    }

    @Test
    void directDeliveryAndMarkingProbeTheAggregateIndexInTheGenericPlan() throws Exception {
        String insert = Plans.generic(CONFIG, "insert-events-claimed",
                "text[], text[], text[], text[], text[], text[], text[], text[], text, bigint, int",
                "'{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', 'test', 60000, 3");
        assertThat(insert, containsString("event_state_unfinished_aggregate"));
        assertThat(insert, containsString("Index Cond: (aggregate_id = g.aggregate_id)"));
        String mark = Plans.generic(CONFIG, "mark-events-processed", "bigint[], text[], int[], bigint[]", "'{}', '{}', '{}', '{}'");
        // the next unfinished event after each aggregate's last one marked: one probe, not a scan
        assertThat(mark, containsString("using event_state_unfinished_aggregate on event_state b"));
        assertThat(mark, containsString("Index Cond: ((aggregate_id = marked_1.aggregate_id) AND (seq > (max(marked_1.seq))))"));
        assertThat(mark, not(containsString("Seq Scan")));
    }

    @Test
    void idsAreConvertedOnceNotForEveryRowScanned() throws Exception {
        // With steady-state statistics the planner expects next to nothing PROCESSING and may scan
        // the PROCESSING index, testing each row against the ids. Written as ANY($1::text[]::uuid[]),
        // that test converted all the ids again for every row (a 500-event mark with 1 000 claimed: 250
        // ms, half the relay drain's database time); ANY(ARRAY(SELECT …)) converts them once. (The
        // mark itself now takes seqs, the state table's key.)
        String plan = Plans.generic(CONFIG, "release-events", "text[], text", "'{}', 'test'");
        assertThat(plan, containsString("InitPlan"));
        assertThat(plan, not(containsString("::uuid[]")));
    }

    @Test
    void retentionDeletesEachBatchThroughTheKey() throws Exception {
        // As IN (subquery), the batch was hash-joined with a scan of all of event_state: 180 ms per
        // 5 000 rows at 1 M rows, and a purge of N rows read the table N / 5 000 times.
        String plan = Plans.generic(CONFIG, "remove-finished", "bigint, text, int", "100000, 'PROCESSED', 5000");
        assertThat(plan, containsString("Index Cond: (seq = ANY ($0))"));
        assertThat(plan, not(containsString("Seq Scan on event_state")));
    }

    @Test
    void theLiveCountsReadOnlyThePartialIndexes() throws Exception {
        String plan = explain("EXPLAIN " + CONFIG.get("db.statements.count-live-events-by-status").asString().get());
        assertThat(plan, containsString("event_state_pending_seq"));
        assertThat(plan, containsString("event_state_processing_seq"));
        assertThat(plan, containsString("event_state_failed_seq"));
        assertThat(plan, not(containsString("Seq Scan")));
    }

    @Test
    void theRelayLagReadsTheFirstDuePendingEventOnly() throws Exception {
        // first the oldest due PENDING seq, then its row: not a walk of event_log probing each state
        String plan = explain("EXPLAIN " + CONFIG.get("db.statements.oldest-due-pending").asString().get());
        assertThat(plan, containsString("Index Scan using event_state_pending_seq on event_state s"));
        assertThat(plan, containsString("Index Cond: (seq = $0)"));
        assertThat(plan, not(containsString("Nested Loop")));
    }

    @Test
    void aReplayBatchReadsFromItsCursorNotFromTheFirstEvent() throws Exception {
        // A job's batches walk along seq; when event_state's side started at its first row, each batch
        // read the whole history before the cursor, and a replay of 200 000 events ran at 389 events/s.
        String statement = CONFIG.get("db.statements.select-replay-batch").asString().get();
        String plan = explain("SET plan_cache_mode = force_custom_plan",
                              "PREPARE s(bigint, bigint, timestamptz, text[], text[], text, text, text, text, timestamptz, timestamptz, int) AS "
                                      + Plans.numbered(statement),
                              "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE s(15000, 15000, now(), '{}', '{}', '', '', '', '',"
                                      + " '-infinity', 'infinity', 200)");
        assertThat(plan, Plans.mostRowsOfANode(plan) <= 400, is(true));
    }

    private static final Config CONFIG = TestConfig.forTest(QueryPlanTest.class);

    @BeforeAll
    static void steadyStateStatistics() throws Exception {
        Database.open(CONFIG.get("db")).close();
        TestDb db = new TestDb(CONFIG.get("db.name").asString().get());
        db.insertEvents("(id, type, aggregate_id, payload)"
                + " SELECT gen_random_uuid(), 'ORDER_CREATED', 'order-' || (i % 5000), '{}' FROM generate_series(1, 20000) AS i",
                "status, processed_at", "'PROCESSED', now()");
        db.execute("ANALYZE event_log, event_state");
    }

    private static String explain(String... statements) throws Exception {
        return Plans.explain(CONFIG.get("db.name").asString().get(), statements);
    }
}
