package eventservice.relay;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import eventservice.support.TopicReader;
import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The broker goes away (bin/kafka stop) and comes back: ingest keeps accepting, events wait PENDING
 * (none left PROCESSING), no retry is spent, and all are delivered afterwards. Needs the broker started by bin/kafka.
 */
@ServerTest
class RelayOutageTest {
    private static EventServiceApp app;
    private static TestDb db;
    private static String topic;

    private final WebServer server;

    RelayOutageTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(RelayOutageTest.class, Map.of(
                "kafka.producer.delivery.timeout.ms", "4000",
                "kafka.producer.request.timeout.ms", "1500"));
        db = new TestDb(config.get("db.name").asString().get());
        topic = config.get("kafka.topic").asString().get();
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void eventsPublishedWhileKafkaIsDownAreDeliveredAfter() throws Exception {
        ManagedChannel channel = GrpcClients.channel(server.port());
        try (TopicReader reader = new TopicReader(topic)) {
            EventServiceBlockingStub events = GrpcClients.events(channel);
            events.publishEvent(request("before", 0));
            reader.readAtLeast(1, Duration.ofSeconds(30));

            kafka("stop");
            Set<String> ids = new HashSet<>();
            try {
                for (int i = 0; i < 500; i++) {
                    ids.add(events.publishEvent(request("outage-" + (i % 20), i)).getEvent().getId());
                }
                assertThat("ingest kept accepting", ids.size(), is(500));
                assertThat(db.count("status = 'FAILED'"), is(0L));
                // Sent, claimed or handed over before the relay noticed: back to PENDING well before
                // a lease (60 s) would run out.
                Eventually.await(Duration.ofSeconds(20), "nothing PROCESSING while Kafka is down",
                        () -> db.count("status = 'PROCESSING'") == 0);
            } finally {
                kafka("start");
            }

            Set<String> delivered = new HashSet<>();
            reader.readAtLeast(501, Duration.ofSeconds(90))
                    .forEach(r -> delivered.add(TopicReader.header(r, "event_id")));
            assertThat(delivered.containsAll(ids), is(true));
            Eventually.await(Duration.ofSeconds(30), "all PROCESSED",
                    () -> db.count("status = 'PROCESSED'") == 501);
            assertThat("no retry spent", db.count("retry_count > 0 OR status = 'FAILED'"), is(0L));
        } finally {
            GrpcClients.close(channel);
        }
    }

    private static PublishEventRequest request(String aggregate, int n) {
        return PublishEventRequest.newBuilder().setType("INVENTORY_UPDATED").setAggregateId(aggregate)
                .setPayload("{\"n\":" + n + "}").build();
    }

    private static void kafka(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bin/kafka", command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new AssertionError("bin/kafka " + command + " failed");
        }
    }
}
