package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import eventservice.cache.RedisCache;
import eventservice.event.EventValidator;
import eventservice.event.NewEvent;
import eventservice.ingest.EventIngest;
import eventservice.ingest.GroupCommit;
import eventservice.metrics.EventMetrics;
import eventservice.store.Database;
import eventservice.store.EventStore;
import eventservice.store.DeliveryState;
import eventservice.support.Eventually;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TopicReader;
import eventservice.types.TypeCatalog;
import io.helidon.config.Config;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Three relay pools, each with its own connection pool and producer, drain one database at once;
 * some events fail their first attempt. Per aggregate, first deliveries arrive in creation order.
 */
class RelayOrderingTest {
    private static final int AGGREGATES = 100;
    private static final int PER_AGGREGATE = 50;

    /** The real producer, failing the first send of chosen events as a broker would refuse a record. */
    static final class FirstAttemptFails extends KafkaProducer<String, byte[]> {
        private final Set<String> failOnce;
        final AtomicInteger injected = new AtomicInteger();

        FirstAttemptFails(Config kafka, String id, Set<String> failOnce) {
            super(producerProps(kafka, id));
            this.failOnce = failOnce;
        }

        private static Map<String, Object> producerProps(Config kafka, String id) {
            Map<String, Object> props = new HashMap<>(kafka.get("producer").detach().asMap().get());
            props.put("bootstrap.servers", TestConfig.KAFKA);
            props.put("client.id", id);
            props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            props.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
            return props;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            String eventId = new String(record.headers().lastHeader("event_id").value());
            if (failOnce.remove(eventId)) {
                injected.incrementAndGet();
                callback.onCompletion(null, new InvalidRecordException("injected failure"));
                return CompletableFuture.failedFuture(new InvalidRecordException("injected failure"));
            }
            return super.send(record, callback);
        }
    }

    @Test
    void threePoolsKeepEveryAggregatesOrderThroughFailures() throws Exception {
        Config config = TestConfig.forTest(RelayOrderingTest.class, Map.of(
                "relay.backoff-initial", "PT0.02S", "relay.backoff-max", "PT0.1S",
                "relay.batch-size", "50", "relay.workers", "2", "relay.poll-interval", "PT0.05S"));
        String topic = config.get("kafka.topic").asString().get();
        TestDb db = new TestDb(config.get("db.name").asString().get());
        Set<String> failOnce = ConcurrentHashMap.newKeySet();

        List<AutoCloseable> closeLast = new ArrayList<>();
        List<Relay> relays = new ArrayList<>();
        List<FirstAttemptFails> producers = new ArrayList<>();
        Database ingestDb = Database.open(config.get("db"));
        closeLast.add(ingestDb);
        EventStore ingestStore = new EventStore(ingestDb);
        RelaySettings settings = RelaySettings.from(config.get("relay"));
        // Ingest tells the first pool of its commits; the other two find the events at their polls.
        List<Handover> handovers = List.of(new Handover(settings, "relay-0"), new Handover(settings, "relay-1"),
                                           new Handover(settings, "relay-2"));
        GroupCommit groupCommit = new GroupCommit(ingestStore, 1, 100, 10_000, handovers.getFirst());
        EventValidator validator = EventValidator.create(config.get("events"));
        TypeCatalog types = TypeCatalog.open(ingestDb, validator.configuredTypes(), type -> topic, Duration.ofSeconds(1));
        closeLast.add(types);
        EventIngest ingest = new EventIngest(validator.knowing(types::exists), types, ingestStore, groupCommit,
                RedisCache.create(Config.empty()), new EventMetrics(ingestStore, Duration.ofMinutes(1)), 1000,
                handovers.getFirst());
        KafkaAdmin admin = new KafkaAdmin(config.get("kafka"));
        admin.ensureTopics(Set.of(topic), 6, (short) 1);
        try (TopicReader reader = new TopicReader(topic)) {
            for (int r = 0; r < 3; r++) {
                Database database = Database.open(config.get("db"));
                FirstAttemptFails producer = new FirstAttemptFails(config.get("kafka"), "relay-" + r, failOnce);
                Relay relay = new Relay(settings, new DeliveryState(database), producer,
                        new EventRecords("ordering-test", topic, Map.of(), "http://localhost"), admin, handovers.get(r),
                        new RelayListener() { });
                relays.add(relay);
                producers.add(producer);
                closeLast.add(database);
                closeLast.add(producer);
                relay.start();
            }

            // Batch n holds event n of every aggregate, so each aggregate's events are created in order n.
            Set<String> allIds = new HashSet<>();
            for (int n = 0; n < PER_AGGREGATE; n++) {
                List<NewEvent> batch = new ArrayList<>();
                for (int a = 0; a < AGGREGATES; a++) {
                    batch.add(new NewEvent("ORDER_UPDATED", "agg-" + a, "{\"n\":" + n + "}", Map.of(), null));
                }
                ingest.publishAll(batch).forEach(s -> {
                    String id = s.event().id().toString();
                    allIds.add(id);
                    int aggregate = Integer.parseInt(s.event().aggregateId().substring(4));
                    int seqInAggregate = Integer.parseInt(s.event().payload().replaceAll("\\D", ""));
                    if (aggregate % 3 == 0 && seqInAggregate % 7 == 3) {
                        failOnce.add(id);
                    }
                });
            }

            List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(AGGREGATES * PER_AGGREGATE, Duration.ofSeconds(120));
            Map<String, Integer> lastN = new HashMap<>();
            Set<String> firstSeen = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                String id = TopicReader.header(record, "event_id");
                if (!firstSeen.add(id)) {
                    continue;   // a redelivery; order is about first deliveries
                }
                int n = Integer.parseInt(new String(record.value()).replaceAll("\\D", ""));
                Integer previous = lastN.put(record.key(), n);
                assertThat("aggregate " + record.key() + " delivered " + n + " after " + previous,
                           previous == null ? -1 : previous, is(n - 1));
            }
            assertThat(firstSeen.containsAll(allIds), is(true));
            assertThat("failures were injected", producers.stream().mapToInt(p -> p.injected.get()).sum(), greaterThan(0));
            Eventually.await(Duration.ofSeconds(30), "every event PROCESSED",
                             () -> db.count("status = 'PROCESSED'") == AGGREGATES * PER_AGGREGATE);
        } finally {
            groupCommit.close();
            relays.forEach(Relay::close);
            admin.close();
            for (AutoCloseable c : closeLast.reversed()) {
                c.close();
            }
        }
    }
}
