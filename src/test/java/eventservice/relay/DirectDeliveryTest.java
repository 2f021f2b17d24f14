package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import eventservice.EventServiceApp;
import eventservice.event.Event;
import eventservice.event.EventStatus;
import eventservice.event.NewEvent;
import eventservice.support.Eventually;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.TestDb;
import eventservice.support.TopicReader;
import io.helidon.config.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * Direct delivery: a single publish is stored already claimed (PROCESSING) and sent on commit,
 * without a claim query, unless an earlier event of its aggregate is still unfinished.
 */
class DirectDeliveryTest {

    /** Two instances take turns with each aggregate's events, sent one after another: Kafka keeps that order. */
    @Test
    void aggregatesPublishedThroughTwoInstancesArriveInOrder() throws Exception {
        int aggregates = 40;
        int perAggregate = 25;
        Config config = TestConfig.forTest(DirectDeliveryTest.class);
        String topic = config.get("kafka.topic").asString().get();
        try (EventServiceApp a = TestServer.startApp(config);
             EventServiceApp b = TestServer.startApp(config);
             TopicReader reader = new TopicReader(topic);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, List<String>> sent = new HashMap<>();
            AtomicLong direct = new AtomicLong();  // stored PROCESSING: claimed on commit and handed to the relay
            List<Future<?>> chains = new ArrayList<>();
            for (int g = 0; g < aggregates; g++) {
                String aggregate = "direct-" + g;
                List<String> ids = new ArrayList<>();
                sent.put(aggregate, ids);
                chains.add(clients.submit(() -> {
                    for (int n = 0; n < perAggregate; n++) {
                        EventServiceApp app = n % 2 == 0 ? a : b;
                        Event stored = app.ingest().publish(new NewEvent("ORDER_UPDATED", aggregate, "{\"n\":" + n + "}",
                                                                                      Map.of(), null)).event();
                        ids.add(stored.id().toString());
                        if (stored.status() == EventStatus.PROCESSING) {
                            direct.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> chain : chains) {
                chain.get();
            }
            int total = aggregates * perAggregate;
            Map<String, List<String>> delivered = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : reader.readAtLeast(total, Duration.ofSeconds(60))) {
                delivered.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(TopicReader.header(record, "event_id"));
            }
            assertThat(delivered, is(sent));
            // Each aggregate's first event has nothing before it, so it goes directly; each later one
            // finds its predecessor still on its way and waits PENDING for the claim.
            assertThat("events delivered directly", direct.get(), greaterThanOrEqualTo((long) aggregates));
        }
    }

    /** An event whose aggregate's earlier one failed (retries left) is stored PENDING, held back. */
    @Test
    void anEventHeldBackByItsAggregateIsStoredPending() {
        // Records over 2 000 bytes fail per record; the first retry would come only after an hour.
        Config config = TestConfig.forTest(DirectDeliveryTest.class, Map.of(
                "kafka.producer.max.request.size", "2000", "relay.backoff-initial", "PT1H", "relay.backoff-max", "PT1H"));
        TestDb db = new TestDb(config.get("db.name").asString().get());
        try (EventServiceApp app = TestServer.startApp(config)) {
            var tooLarge = app.ingest().publish(new NewEvent("ORDER_UPDATED", "held", "{\"note\":\"" + "x".repeat(3000) + "\"}",
                                                             Map.of(), null)).event();
            assertThat(tooLarge.status(), is(EventStatus.PROCESSING));
            Eventually.await(Duration.ofSeconds(30), "the large event FAILED",
                             () -> db.count("id = '" + tooLarge.id() + "' AND status = 'FAILED'") == 1);

            var next = app.ingest().publish(new NewEvent("ORDER_UPDATED", "held", "{\"n\":2}", Map.of(), null)).event();
            var other = app.ingest().publish(new NewEvent("ORDER_UPDATED", "free", "{\"n\":1}", Map.of(), null)).event();
            assertThat("held back behind the FAILED one", next.status(), is(EventStatus.PENDING));
            assertThat("another aggregate goes at once", other.status(), is(EventStatus.PROCESSING));
        }
    }

    /**
     * relay.max-retries=0: an event fails for good at its first error, so it holds nothing back; its
     * aggregate's next event goes at once, though the failed one would be retried only in an hour.
     */
    @Test
    void withNoRetriesAFailedEventHoldsNothingBack() {
        Config config = TestConfig.forTest(DirectDeliveryTest.class, Map.of("relay.max-retries", "0",
                "kafka.producer.max.request.size", "2000", "relay.backoff-initial", "PT1H", "relay.backoff-max", "PT1H",
                "kafka.topic", TestConfig.topicFor(DirectDeliveryTest.class) + ".no-retries"));
        TestDb db = new TestDb(config.get("db.name").asString().get());
        try (EventServiceApp app = TestServer.startApp(config)) {
            var tooLarge = app.ingest().publish(new NewEvent("ORDER_UPDATED", "once", "{\"note\":\"" + "x".repeat(3000) + "\"}",
                                                             Map.of(), null)).event();
            Eventually.await(Duration.ofSeconds(30), "the large event FAILED",
                             () -> db.count("id = '" + tooLarge.id() + "' AND status = 'FAILED'") == 1);

            var next = app.ingest().publish(new NewEvent("ORDER_UPDATED", "once", "{\"n\":2}", Map.of(), null)).event();
            assertThat("not held back by an event that used its only attempt", next.status(), is(EventStatus.PROCESSING));
            Eventually.await(Duration.ofSeconds(30), "the next event PROCESSED",
                             () -> db.count("id = '" + next.id() + "' AND status = 'PROCESSED'") == 1);
            assertThat("failed once, for good", db.count("id = '" + tooLarge.id() + "' AND status = 'FAILED' AND retry_count = 1"),
                       is(1L));
        }
    }
}
