package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import eventservice.store.Database;
import eventservice.store.DeliveryState;
import eventservice.support.Eventually;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TopicReader;
import io.helidon.config.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A relay whose ingest is busy the whole time still drains a backlog, every aggregate in order,
 * with one claim open at a time whatever its number of workers. Events stored moments ago are not
 * a backlog: those are claimed unpaced, or a high publish rate would leave the relay behind for good.
 */
class RelayPacingTest {
    private static final int AGGREGATES = 20;
    private static final int PER_AGGREGATE = 100;

    /** What a drain showed. */
    private record Drain(long paced, long mostClaimsOpen) {
    }

    @Test
    void aRelayYieldingToBusyIngestDrainsAnOldBacklogOneClaimAtATime() throws Exception {
        Drain drain = drain("'1 hour'");  // older than relay.pace-backlog-older-than
        assertThat("claims open at once", drain.mostClaimsOpen(), lessThanOrEqualTo(1L));
        // 2 000 events in claims of at most 100: at least 20 passes, each reported paced.
        assertThat("paced passes reported", drain.paced(), greaterThanOrEqualTo(20L));
    }

    @Test
    void eventsStoredMomentsAgoAreNotPacedThoughIngestIsBusy() throws Exception {
        // only the first pass, before any claim said how old the backlog is (without the age rule: 20)
        assertThat("paced passes", drain("'0 seconds'").paced(), lessThanOrEqualTo(1L));
    }

    /** Drains 2 000 events stored {@code ago} (an SQL interval) with ingest busy throughout; checks their order. */
    private Drain drain(String ago) throws Exception {
        Config config = TestConfig.forTest(RelayPacingTest.class, Map.of(
                "relay.workers", "4", "relay.batch-size", "100", "relay.share-while-ingest-busy", "0.5",
                "relay.pace-backlog-older-than", "PT1M", "kafka.topic", "pacing-" + UUID.randomUUID()));
        String topic = config.get("kafka.topic").asString().get();
        TestDb db = new TestDb(config.get("db.name").asString().get());
        try (Database database = Database.open(config.get("db"))) {
            db.truncate();
            db.insertEvents("(id, type, aggregate_id, payload, created_at)"
                    + " SELECT gen_random_uuid(), 'ORDER_UPDATED', 'agg-' || (g % " + AGGREGATES + "), json_build_object('n', g),"
                    + " now() - interval " + ago
                    + " FROM generate_series(0, " + (AGGREGATES * PER_AGGREGATE - 1) + ") g");
            List<String> ids = db.strings("SELECT id FROM events ORDER BY seq");
            KafkaAdmin admin = new KafkaAdmin(config.get("kafka"));
            admin.ensureTopics(Set.of(topic), 6, (short) 1);
            AtomicBoolean draining = new AtomicBoolean(true);
            AtomicLong paced = new AtomicLong();
            RelaySettings settings = RelaySettings.from(config.get("relay"));
            Handover handover = new Handover(settings, "pacing-test");
            handover.batchStoring();  // ingest busy throughout: a batch being stored, never done
            AtomicLong mostClaimsOpen = new AtomicLong();
            try (admin;
                 TopicReader reader = new TopicReader(topic);
                 KafkaProducer<String, byte[]> producer = KafkaClients.producer(config.get("kafka"), "pacing-test");
                 Relay relay = new Relay(settings, new DeliveryState(database), producer,
                                         new EventRecords("pacing-test", topic, Map.of(), "http://localhost"), admin, handover,
                                         new RelayListener() {
                                             @Override
                                             public void paced() {
                                                 paced.incrementAndGet();
                                             }
                                         })) {
                Thread sampler = Thread.ofVirtual().start(() -> {
                    while (draining.get()) {
                        mostClaimsOpen.accumulateAndGet(Long.parseLong(db.strings(
                                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                                        + " AND xact_start IS NOT NULL AND query LIKE '%SKIP LOCKED%'").get(0)), Math::max);
                    }
                });
                relay.start();
                List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(ids.size(), Duration.ofSeconds(90));
                Eventually.await(Duration.ofSeconds(30), "every event PROCESSED",
                                 () -> db.count("status = 'PROCESSED'") == ids.size());
                draining.set(false);
                sampler.join();

                Map<String, List<String>> sent = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    sent.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(TopicReader.header(r, "event_id"));
                }
                Map<String, List<String>> stored = new HashMap<>();
                for (String row : db.strings("SELECT aggregate_id || ' ' || id FROM events ORDER BY seq")) {
                    String[] parts = row.split(" ");
                    stored.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
                }
                assertThat("each aggregate's events in the order stored, once each", sent, is(stored));
                return new Drain(paced.get(), mostClaimsOpen.get());
            }
        }
    }
}
