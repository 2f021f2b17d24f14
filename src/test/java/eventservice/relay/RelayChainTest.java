package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import eventservice.EventServiceApp;
import eventservice.event.NewEvent;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.TopicReader;
import io.helidon.config.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A relay worker waits for a commit, or for a pass that may leave due events behind. An event held
 * back by its aggregate's earlier one becomes due when that one is marked PROCESSED: the relay must
 * claim it then, not at its next poll (set to an hour here, so only that can deliver the chain).
 */
class RelayChainTest {
    private static final int CHAIN = 25;

    @Test
    void eachEventOfAnAggregateGoesOutOnceItsPredecessorIsProcessed() {
        Config config = TestConfig.forTest(RelayChainTest.class, Map.of("relay.poll-interval", "PT1H"));
        String topic = config.get("kafka.topic").asString().get();
        try (EventServiceApp app = TestServer.startApp(config);
             TopicReader reader = new TopicReader(topic)) {
            List<NewEvent> chain = new ArrayList<>();
            for (int n = 0; n < CHAIN; n++) {
                chain.add(new NewEvent("ORDER_UPDATED", "order-chain", "{\"n\":" + n + "}", Map.of(), null));
            }
            // One commit, so one wake-up: every event after the first is claimable only once the one
            // before it is PROCESSED.
            List<String> ids = app.ingest().publishAll(chain).stream().map(s -> s.event().id().toString()).toList();

            List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(CHAIN, Duration.ofSeconds(60));
            List<String> delivered = records.stream().map(r -> TopicReader.header(r, "event_id")).toList();
            assertThat(delivered, is(ids));
        }
    }
}
