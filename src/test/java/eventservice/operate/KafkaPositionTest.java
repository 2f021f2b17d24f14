package eventservice.operate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.api.grpc.v1.Event;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.TopicReader;
import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * An acknowledged event says where its record is on Kafka: the topic, partition and offset a
 * consumer reads it at, over HTTP and gRPC, for events sent on commit and events claimed from a backlog.
 */
@ServerTest
class KafkaPositionTest {
    private static final String TOPIC = TestConfig.topicFor(KafkaPositionTest.class);
    private static EventServiceApp app;

    private final HttpCalls http;
    private final WebServer server;

    KafkaPositionTest(WebServer server, @Socket(Main.HTTP) Http1Client http) {
        this.server = server;
        this.http = HttpCalls.of(http);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        app = TestServer.start(server, TestConfig.forTest(KafkaPositionTest.class));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAcknowledgedEventNamesTheRecordAConsumerReads() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {   // one by one: sent on commit
            var answer = http.post("/api/v1/events", "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"pos-" + i + "\",\"payload\":{\"i\":" + i + "}}");
            assertThat(answer.text(), answer.status(), is(201));
            ids.add((String) answer.json().get("id"));
        }
        var batch = http.post("/api/v1/events:batch", "{\"events\":[" // a batch: claimed by the relay
                + "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"pos-b\",\"payload\":{\"b\":1}},"
                + "{\"type\":\"ORDER_UPDATED\",\"aggregate_id\":\"pos-b\",\"payload\":{\"b\":2}}]}");
        assertThat(batch.text(), batch.status(), is(201));
        for (Object result : (List<Object>) batch.json().get("results")) {
            ids.add((String) ((Map<String, Object>) ((Map<String, Object>) result).get("event")).get("id"));
        }

        List<Map<String, Object>> events = new ArrayList<>();
        for (String id : ids) {
            events.add(Eventually.await(Duration.ofSeconds(30), id + " processed", () -> http.get("/api/v1/events/" + id).json(),
                                        e -> "PROCESSED".equals(e.get("status"))));
        }
        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(TOPIC)) {
            records = reader.readUntil(read -> read.stream().map(r -> TopicReader.header(r, "event_id")).toList().containsAll(ids),
                                       Duration.ofSeconds(30));
        }
        ManagedChannel channel = GrpcClients.channel(server.port());
        try {
            for (Map<String, Object> event : events) {
                ConsumerRecord<String, byte[]> record = records.stream()
                        .filter(r -> event.get("id").equals(TopicReader.header(r, "event_id"))).findFirst().orElseThrow();
                assertThat(event.get("kafka_topic"), is(record.topic()));
                assertThat(event.get("kafka_partition"), is(record.partition()));
                assertThat(((Number) event.get("kafka_offset")).longValue(), is(record.offset()));
                Event viaGrpc = GrpcClients.events(channel).getEvent(GetEventRequest.newBuilder().setId((String) event.get("id")).build());
                assertThat(viaGrpc.getKafkaTopic(), is(record.topic()));
                assertThat(viaGrpc.getKafkaPartition(), is(record.partition()));
                assertThat(viaGrpc.getKafkaOffset(), is(record.offset()));
            }
        } finally {
            GrpcClients.close(channel);
        }
    }

    @Test
    void anEventNotYetSentHasNoPosition() {
        var answer = http.post("/api/v1/events:batch", "{\"events\":[{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"pos-none\","
                + "\"payload\":{}}]}");
        assertThat(answer.status(), is(201));
        // the answer to the publish itself: stored, not yet sent
        assertThat(answer.text().contains("\"kafka_topic\":null"), is(true));
        assertThat(answer.text().contains("\"kafka_offset\":null"), is(true));
    }
}
