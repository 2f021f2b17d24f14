package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import eventservice.EventServiceApp;
import eventservice.event.NewEvent;
import eventservice.store.Database;
import eventservice.store.DeliveryState;
import eventservice.support.Eventually;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import eventservice.support.TopicReader;
import io.helidon.config.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * An aggregate's run of events. The first waits for a commit; the rest, held back while it is on
 * its way (direct delivery), are claimed together once it is PROCESSED: the relay must claim them
 * then, not at its next poll (set to an hour here, so only that can deliver the chain), and send
 * them one after another, so that a failed send is retried before any later event goes out.
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
            // One commit, so one wake-up: every event after the first is claimable only once the
            // first is PROCESSED.
            List<String> ids = app.ingest().publishAll(chain).stream().map(s -> s.event().id().toString()).toList();

            List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(CHAIN, Duration.ofSeconds(60));
            List<String> delivered = records.stream().map(r -> TopicReader.header(r, "event_id")).toList();
            assertThat(delivered, is(ids));
        }
    }

    /** A relay of its own, as EventServiceApp builds one, telling no one what it did. */
    static Relay relay(Config config, DeliveryState state, KafkaProducer<String, byte[]> producer, EventRecords records,
                       KafkaAdmin admin, String owner) {
        RelaySettings settings = RelaySettings.from(config.get("relay"));
        return new Relay(settings, state, producer, records, admin, new Handover(settings, owner), new RelayListener() { });
    }

    @Test
    void aChainClaimedAtOnceWaitsForTheRetryOfAFailedEvent() throws Exception {
        Config config = TestConfig.forTest(RelayChainTest.class, Map.of(
                "relay.backoff-initial", "PT0.02S", "relay.backoff-max", "PT0.1S", "relay.poll-interval", "PT0.05S",
                "kafka.topic", TestConfig.topicFor(RelayChainTest.class) + ".failing"));
        String topic = config.get("kafka.topic").asString().get();
        TestDb db = new TestDb(config.get("db.name").asString().get());
        try (Database database = Database.open(config.get("db"))) {
            db.truncate();
            // Stored before the relay starts: its first claim holds the whole chain.
            db.insertEvents("(id, type, aggregate_id, payload)"
                    + " SELECT gen_random_uuid(), 'ORDER_UPDATED', 'order-chain', json_build_object('n', g)"
                    + " FROM generate_series(0, " + (CHAIN - 1) + ") g");
            List<String> ids = db.strings("SELECT id FROM events ORDER BY seq");
            Set<String> failOnce = ConcurrentHashMap.newKeySet();
            failOnce.add(ids.get(0));
            failOnce.add(ids.get(10));
            KafkaAdmin admin = new KafkaAdmin(config.get("kafka"));
            admin.ensureTopics(Set.of(topic), 1, (short) 1);
            try (admin;
                 TopicReader reader = new TopicReader(topic);
                 RelayOrderingTest.FirstAttemptFails producer = new RelayOrderingTest.FirstAttemptFails(
                         config.get("kafka"), "chain-test", failOnce);
                 Relay relay = relay(config, new DeliveryState(database), producer,
                                     new EventRecords("chain-test", topic, Map.of(), "http://localhost"), admin, "chain-test")) {
                relay.start();
                List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(CHAIN, Duration.ofSeconds(60));
                List<String> delivered = records.stream().map(r -> TopicReader.header(r, "event_id")).toList();
                assertThat("both failures were injected", producer.injected.get(), is(2));
                assertThat(delivered, is(ids));
                Eventually.await(Duration.ofSeconds(30), "every event PROCESSED",
                                 () -> db.count("status = 'PROCESSED'") == CHAIN);
                assertThat("each failure spent one retry", db.count("retry_count = 1"), is(2L));
            }
        }
    }
}
