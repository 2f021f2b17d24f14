package eventservice.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.Event;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.TestDb;
import eventservice.support.TopicReader;
import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** The happy path: events published over gRPC reach Kafka with the right key, value and headers. */
@ServerTest
class RelayDeliveryTest {
    private static EventServiceApp app;
    private static TestDb db;
    private static String topic;

    private final WebServer server;

    RelayDeliveryTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(RelayDeliveryTest.class, Map.of("service.name", "orders-service"));
        db = new TestDb(config.get("db.name").asString().get());
        topic = config.get("kafka.topic").asString().get();
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void thousandEventsReachKafkaAndArePROCESSED() throws Exception {
        ManagedChannel channel = GrpcClients.channel(server.port());
        Map<String, Event> sent = new HashMap<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
             TopicReader reader = new TopicReader(topic)) {
            EventServiceBlockingStub events = GrpcClients.events(channel);
            List<Future<Event>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                futures.add(clients.submit(() -> events.publishEvent(PublishEventRequest.newBuilder()
                        .setType("ORDER_CREATED")
                        .setAggregateId("order-" + (n % 97))
                        .setPayload("{\"n\":" + n + ",\"note\":\"caf\u00e9\"}")
                        .putMetadata("trace_id", "t-" + n)
                        .build()).getEvent()));
            }
            for (Future<Event> f : futures) {
                Event e = f.get();
                sent.put(e.getId(), e);
            }

            List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(1000, Duration.ofSeconds(60));
            Set<String> delivered = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Map<String, String> headers = TopicReader.headers(record);
                Event event = sent.get(headers.get("event_id"));
                assertThat("a record for an event we sent", event, notNullValue());
                delivered.add(event.getId());
                assertThat(record.key(), is(event.getAggregateId()));
                assertThat(new String(record.value(), StandardCharsets.UTF_8), is(event.getPayload()));
                assertThat(headers.get("event_type"), is("ORDER_CREATED"));
                assertThat(headers.get("aggregate_id"), is(event.getAggregateId()));
                assertThat(headers.get("retry_count"), is("0"));
                assertThat(headers.get("created_at"), notNullValue());
                assertThat(headers.get("trace_id"), is(event.getMetadataMap().get("trace_id")));
                assertThat(headers.get("ce_specversion"), is("1.0"));
                assertThat(headers.get("ce_id"), is(event.getId()));
                assertThat(headers.get("ce_source"), is("orders-service"));
                assertThat(headers.get("ce_type"), is("ORDER_CREATED"));
                assertThat(headers.get("ce_time"), is(headers.get("created_at")));
                assertThat(headers.get("ce_subject"), is(event.getAggregateId()));
                assertThat(headers.get("content-type"), is("application/json"));
            }
            assertThat(delivered.size(), is(1000));
        } finally {
            GrpcClients.close(channel);
        }
        String ids = "'" + String.join("','", sent.keySet()) + "'";
        Eventually.await(Duration.ofSeconds(30), "all 1000 PROCESSED with processed_at",
                         () -> db.count("id IN (" + ids + ") AND status = 'PROCESSED' AND processed_at IS NOT NULL") == 1000);
    }
}
