package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.ServiceProcess;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TopicReader;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/** The service process killed (-9) or stopped (SIGTERM) while it relays a backlog. */
class RelayProcessTest {
    private static final int BACKLOG = 20_000;

    @Test
    void killNineMidBacklogLosesNothing() throws Exception {
        Map<String, String> env = env("crash");
        TestDb db = new TestDb(env.get("DB_NAME"));
        Set<String> ids = storeBacklog(env);
        try (ServiceProcess relaying = ServiceProcess.start(env, relayProperties())) {
            Eventually.await(Duration.ofSeconds(60), "relay under way",
                             () -> db.count("status = 'PROCESSED'") >= 2000);
            relaying.kill();
        }
        long leftProcessing = db.count("status = 'PROCESSING'");
        try (ServiceProcess restarted = ServiceProcess.start(env, relayProperties());
             TopicReader reader = new TopicReader(env.get("KAFKA_TOPIC"))) {
            Eventually.await(Duration.ofSeconds(120), "backlog PROCESSED after restart",
                             () -> db.count("status = 'PROCESSED'") == BACKLOG);
            assertThat(db.count("status <> 'PROCESSED'"), is(0L));
            // Read until every event was seen: with duplicates, BACKLOG records need not hold them all.
            Set<String> delivered = new HashSet<>();
            Eventually.await(Duration.ofSeconds(60), "every event delivered at least once", () -> {
                reader.drain(Duration.ofMillis(200)).forEach(r -> delivered.add(TopicReader.header(r, "event_id")));
                return delivered.containsAll(ids);
            });
            int duplicates = reader.drain(Duration.ofSeconds(1)).size() - delivered.size();
            System.out.printf("kill -9 mid-backlog: %d events, %d left PROCESSING at the kill, %d delivered, %d duplicates%n",
                              BACKLOG, leftProcessing, delivered.size(), duplicates);
            assertThat(duplicates, greaterThanOrEqualTo(0));
            restarted.terminate(Duration.ofSeconds(10));
        }
    }

    @Test
    void sigtermMidBacklogLeavesNothingProcessing() throws Exception {
        Map<String, String> env = env("sigterm");
        TestDb db = new TestDb(env.get("DB_NAME"));
        storeBacklog(env);
        try (ServiceProcess relaying = ServiceProcess.start(env, relayProperties())) {
            Eventually.await(Duration.ofSeconds(60), "relay under way",
                             () -> db.count("status = 'PROCESSED'") >= 2000);
            int exit = relaying.terminate(Duration.ofSeconds(10));
            assertThat("exit code; log:\n" + relaying.output(), exit, is(0));
        }
        assertThat("no event left PROCESSING", db.count("status = 'PROCESSING'"), is(0L));
        assertThat(db.count("status = 'FAILED'"), is(0L));
    }

    private static Map<String, String> env(String name) {
        String database = TestConfig.database("process_" + name);
        TestConfig.dropDatabase(database);
        return Map.of("DB_NAME", database, "KAFKA_TOPIC", TestConfig.topicFor(RelayProcessTest.class) + "." + name);
    }

    /** A short lease, so a killed instance's claims are taken over within seconds; a slow drain to kill into. */
    private static List<String> relayProperties() {
        return List.of("relay.lease=PT3S", "relay.batch-size=100", "relay.workers=2");
    }

    /** The backlog, stored by a service whose relay is off. */
    private static Set<String> storeBacklog(Map<String, String> env) throws Exception {
        Set<String> ids = new HashSet<>();
        try (ServiceProcess ingestOnly = ServiceProcess.start(env, List.of("relay.enabled=false"))) {
            ingestOnly.awaitHealthy(Duration.ofSeconds(60));
            ManagedChannel channel = GrpcClients.channel(ingestOnly.grpcPort);
            try {
                EventServiceBlockingStub events = GrpcClients.events(channel);
                for (int b = 0; b < BACKLOG / 1000; b++) {
                    List<PublishEventRequest> batch = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        batch.add(PublishEventRequest.newBuilder().setType("ORDER_CREATED")
                                .setAggregateId("order-" + (b * 1000 + i) % 3000)
                                .setPayload("{\"n\":" + (b * 1000 + i) + "}").build());
                    }
                    events.publishEvents(PublishEventsRequest.newBuilder().addAllEvents(batch).build())
                            .getResultsList().forEach(r -> ids.add(r.getEvent().getId()));
                }
            } finally {
                GrpcClients.close(channel);
            }
            assertThat(ingestOnly.terminate(Duration.ofSeconds(10)), is(0));
        }
        return ids;
    }
}
