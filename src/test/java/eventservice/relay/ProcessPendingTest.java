package eventservice.relay;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import eventservice.event.Event;
import eventservice.store.Database;
import eventservice.store.DeliveryState;
import eventservice.store.EventStore;
import eventservice.support.Eventually;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import io.helidon.config.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ProcessPendingEvents while the relay's own worker holds the claim cursor: claims are taken one
 * at a time, so the operator's pass waits for the worker's claim to end, also when events are
 * handed over meanwhile (a worker would give way to those), and reports what it did; it answers
 * busy only when it could not get in within the lease. The worker's claim is held up by an
 * ACCESS EXCLUSIVE lock on event_log, which the claim reads and nothing else in the pass needs.
 */
class ProcessPendingTest {
    private static final int BACKLOG = 50;
    private static final String OWNER = "process-pending-test";

    @Test
    void anOperatorsPassWaitsForTheWorkersClaimAndReportsWhatItDid() throws Exception {
        try (Setup setup = new Setup(Map.of("relay.workers", "1", "relay.batch-size", "10"));
             ExecutorService operator = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Event> handed = setup.storeClaimed(2);  // as a writer stores them for this relay
            try (Connection lock = setup.lockEventLog()) {
                setup.relay.start();
                setup.awaitClaimWaiting();
                Future<PassResult> pass = operator.submit(() -> new RelayCommands(setup.relay, setup.state).processPending(0));
                setup.handover.deliver(handed);  // the worker would give way to these: the operator must not
                assertThrows(TimeoutException.class, () -> pass.get(200, TimeUnit.MILLISECONDS), "still waiting its turn");
                lock.rollback();
                PassResult result = pass.get(30, TimeUnit.SECONDS);
                assertThat("claimed after the worker's claim", result.claimed(), greaterThan(0));
                assertThat(result.published(), is(result.claimed()));
                assertThat(result.failed(), is(0));
            }
            Eventually.await(Duration.ofSeconds(30), "every event PROCESSED",
                             () -> setup.db.count("status = 'PROCESSED'") == BACKLOG + handed.size());
        }
    }

    @Test
    void anOperatorsPassThatCannotGetInWithinTheLeaseAnswersBusy() throws Exception {
        try (Setup setup = new Setup(Map.of("relay.workers", "1", "relay.lease", "PT1S"))) {
            try (Connection lock = setup.lockEventLog()) {
                setup.relay.start();
                setup.awaitClaimWaiting();
                RelayBusyException busy = assertThrows(RelayBusyException.class,
                        () -> new RelayCommands(setup.relay, setup.state).processPending(0));
                assertThat(busy.getMessage(), containsString("retry later"));
                lock.rollback();
            }
            Eventually.await(Duration.ofSeconds(30), "the backlog PROCESSED by the worker",
                             () -> setup.db.count("status = 'PROCESSED'") == BACKLOG);
        }
    }

    /** A relay of one worker over a backlog of {@link #BACKLOG} events of as many aggregates. */
    private static final class Setup implements AutoCloseable {
        final TestDb db;
        final Database database;
        final EventStore store;
        final DeliveryState state;
        final KafkaAdmin admin;
        final KafkaProducer<String, byte[]> producer;
        final Handover handover;
        final Relay relay;

        Setup(Map<String, String> settings) {
            Config config = TestConfig.forTest(ProcessPendingTest.class, settings);
            String topic = config.get("kafka.topic").asString().get() + "." + UUID.randomUUID();
            db = new TestDb(config.get("db.name").asString().get());
            database = Database.open(config.get("db"));
            store = new EventStore(database);
            state = new DeliveryState(database);
            db.insertEvents("(id, type, aggregate_id, payload) SELECT gen_random_uuid(), 'ORDER_UPDATED', 'agg-' || g,"
                            + " json_build_object('n', g) FROM generate_series(1, " + BACKLOG + ") g");
            admin = new KafkaAdmin(config.get("kafka"));
            admin.ensureTopics(Set.of(topic), 1, (short) 1);
            producer = KafkaClients.producer(config.get("kafka"), OWNER);
            RelaySettings relaySettings = RelaySettings.from(config.get("relay"));
            handover = new Handover(relaySettings, OWNER);
            relay = new Relay(relaySettings, state, producer, new EventRecords(OWNER, topic, Map.of(), "http://localhost"), admin, handover,
                              new RelayListener() { });
        }

        /** Events stored PROCESSING for this relay, as direct delivery stores them. */
        List<Event> storeClaimed(int count) {
            List<String> ids = db.strings("SELECT gen_random_uuid() FROM generate_series(1, " + count + ")");
            db.insertEvents("(id, type, aggregate_id, payload) SELECT id::uuid, 'ORDER_UPDATED', 'handed-' || id, '{}'"
                            + " FROM unnest('{" + String.join(",", ids) + "}'::text[]) AS id",
                            "status, claimed_by, lease_until", "'PROCESSING', '" + OWNER + "', now() + interval '1 minute'");
            return ids.stream().map(id -> store.findById(UUID.fromString(id)).orElseThrow()).toList();
        }

        Connection lockEventLog() throws Exception {
            Connection c = TestConfig.adminConnection(db.database());
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE event_log IN ACCESS EXCLUSIVE MODE");
            }
            return c;
        }

        /** The worker is in its claim, which waits for the lock: it holds the claim cursor. */
        void awaitClaimWaiting() {
            Eventually.await(Duration.ofSeconds(20), "the worker's claim waiting on the lock", () -> Long.parseLong(db.strings(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                            + " AND query LIKE '%SKIP LOCKED%'").getFirst()) == 1);
        }

        @Override
        public void close() {
            relay.close();
            producer.close(Duration.ofSeconds(5));
            admin.close();
            database.close();
        }
    }
}
