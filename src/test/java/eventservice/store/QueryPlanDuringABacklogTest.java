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
 * The claim's generic plan when the statistics say a backlog is waiting, as during a drain. For
 * LIMIT ? the planner guesses a tenth of the PENDING rows, and with that many it merged the claimed
 * rows with event_log read in seq order from its first row: each claim of a 200 000-event drain
 * read every event up to the claim cursor (130 ms at half-way, the drain at 7 500 events/s).
 * The mark that follows a full claim then needs only the state table's key.
 */
class QueryPlanDuringABacklogTest {
    private static final Config CONFIG = TestConfig.forTest(QueryPlanDuringABacklogTest.class);
    private static final String DB = CONFIG.get("db.name").asString().get();
    private static final String CLAIM_TYPES = "bigint, text[], text[], int, int";
    private static final String CLAIM_ARGUMENTS = "25000, '{}', '{}', 500, 3";

    @BeforeAll
    static void aBacklog() {
        Database.open(CONFIG.get("db")).close();
        TestDb db = new TestDb(DB);
        db.insertEvents("(id, type, aggregate_id, payload)"
                + " SELECT gen_random_uuid(), 'ORDER_CREATED', 'order-' || (i % 10000), '{}' FROM generate_series(1, 50000) AS i");
        db.execute("ANALYZE event_log, event_state");
    }

    @Test
    void theClaimFindsItsCandidatesInThePendingIndexAtAClearlyLowerCostThanThroughThePrimaryKey() throws Exception {
        // By these statistics both hold the same rows in the same order; were their costs tied, the
        // plan could take the key, which reads every processed row behind the claim's cursor (the
        // planner calls costs within 1 % a tie; not vacuumed, as here, the margin is the key's status filter).
        String plan = Plans.generic(CONFIG, "lock-due-events", CLAIM_TYPES, CLAIM_ARGUMENTS);
        assertThat(plan, containsString("Index Scan using event_state_pending_seq on event_state p"));
        String withoutIt = Plans.genericWithout(CONFIG, "event_state_pending_seq", "lock-due-events", CLAIM_TYPES, CLAIM_ARGUMENTS);
        double pending = Plans.totalCost(plan, "using event_state_pending_seq on event_state p");
        double key = Plans.totalCost(withoutIt, "using event_state_pkey on event_state p");
        assertThat("the pending index's scan costs " + pending + ", the key's " + key, pending * 1.02 < key, is(true));
    }

    @Test
    void theClaimReadsEachClaimedEventByItsSeq() throws Exception {
        String plan = Plans.generic(CONFIG, "lock-due-events", CLAIM_TYPES, CLAIM_ARGUMENTS);
        assertThat(plan, containsString("Index Cond: (seq = l.seq)"));
        assertThat(plan, not(containsString("Merge Join")));
    }

    @Test
    void theMarkAfterAFullClaimFindsEachEventByItsKeyAndProbesNothingElse() throws Exception {
        String plan = Plans.generic(CONFIG, "mark-events-processed-only", "bigint[], text[], int[], bigint[]", "'{}', '{}', '{}', '{}'");
        assertThat(plan, containsString("Index Scan using event_state_pkey on event_state"));
        assertThat(plan, containsString("Index Cond: (seq = a.seq)"));
        assertThat(plan, not(containsString("event_state_unfinished_aggregate")));
    }
}
