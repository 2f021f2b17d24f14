package eventservice.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import eventservice.support.TestConfig;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The relay's claim must check each candidate's earlier events through the aggregate index, however
 * stale the statistics its plan was made with. The plan that once did not (an anti-join scanning
 * every unfinished event per candidate) made claims take 30 s once the relay fell behind.
 */
class ClaimPlanTest {

    @Test
    void theOrderingCheckProbesTheAggregateIndexInTheGenericPlan() throws Exception {
        Config config = TestConfig.forTest(ClaimPlanTest.class);
        Database.open(config.get("db")).close();
        String claim = config.get("db.statements.claim-events").asString().get();
        int n = 0;
        StringBuilder numbered = new StringBuilder();
        for (char c : claim.toCharArray()) {
            numbered.append(c == '?' ? "$" + (++n) : String.valueOf(c));
        }
        String plan;
        try (Connection c = TestConfig.adminConnection(config.get("db.name").asString().get());
             Statement s = c.createStatement()) {
            // A steady state as the statistics see it: a history of delivered events, next to
            // nothing unfinished; a pooled connection then keeps a generic plan made from that.
            s.execute("INSERT INTO events (id, type, aggregate_id, payload, status, processed_at)"
                    + " SELECT gen_random_uuid(), 'ORDER_CREATED', 'order-' || (i % 5000), '{}', 'PROCESSED', now()"
                    + " FROM generate_series(1, 20000) AS i");
            s.execute("ANALYZE events");
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE claim(text[], text[], int, int, text, bigint) AS " + numbered);
            StringBuilder lines = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE claim('{}', '{}', 3, 500, 'test', 60000)")) {
                while (rs.next()) {
                    lines.append(rs.getString(1)).append('\n');
                }
            }
            plan = lines.toString();
        }
        assertThat(plan, containsString("Index Cond: ((aggregate_id = e_1.aggregate_id) AND (seq < e_1.seq))"));
        assertThat(plan, not(containsString("Anti Join")));
    }
}
