package eventservice.store;

import java.util.Map;

import eventservice.config.Settings;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;

/**
 * The named statements as DbClient reads them: each piece of db.sql they include is filled in
 * (a misspelt reference would stay as it is and fail only when its statement runs).
 */
class StatementsTest {
    private static final Config STATEMENTS = Settings.load(Map.of(), Map.of()).get("db.statements");

    @Test
    void everyIncludedPieceIsFilledIn() {
        var unresolved = STATEMENTS.asNodeList().get().stream()
                .filter(statement -> statement.asString().get().contains("${"))
                .map(statement -> statement.name())
                .toList();
        assertThat(unresolved, empty());
    }

    @Test
    void theClaimRuleIsTheSameInTheClaimAndInDirectDelivery() {
        String rule = "b.status <> 'PROCESSED' AND b.status <> 'CANCELLED' AND NOT (b.status = 'FAILED' AND b.retry_count >= ?)";
        assertThat(STATEMENTS.get("lock-due-events").asString().get(), containsString(rule));
        assertThat(STATEMENTS.get("insert-events-claimed").asString().get(), containsString(rule));
        assertThat(STATEMENTS.get("select-event-by-id").asString().get(), not(containsString("${")));
    }
}
