package eventservice.ingest;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import eventservice.relay.Handover;
import eventservice.relay.RelaySettings;
import eventservice.store.RowToInsert;
import eventservice.store.StoredEvent;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A flood the database cannot take is refused at the bound, rather than held in the heap until it runs out. */
class GroupCommitBoundTest {
    @Test
    void publishesBeyondTheBoundAreRefusedAtOnceAndTheOthersStillWait() throws Exception {
        Handover handover = new Handover(RelaySettings.from(Config.just(ConfigSources.create(Map.of())).get("relay")), "test");
        // No writer: nothing leaves the queue, as when every writer waits on the database.
        try (GroupCommit groupCommit = new GroupCommit(null, 0, 10, 2, handover)) {
            CompletableFuture<StoredEvent> first = groupCommit.submit(row());
            CompletableFuture<StoredEvent> second = groupCommit.submit(row());
            CompletableFuture<StoredEvent> third = groupCommit.submit(row());

            ExecutionException refused = assertThrows(ExecutionException.class, () -> third.get());
            assertThat(refused.getCause(), instanceOf(IngestOverloadedException.class));
            assertThat(refused.getCause().getMessage(), is("more than 2 publishes are waiting for the database; retry later"));
            assertThat(first.isDone() || second.isDone(), is(false));
        }
    }

    private static RowToInsert row() {
        return new RowToInsert(UUID.randomUUID(), null, "{}", "topic", 0);  // never written: no writer takes it
    }
}
