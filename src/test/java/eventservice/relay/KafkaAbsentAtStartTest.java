package eventservice.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.Eventually;
import eventservice.support.TcpProxy;
import eventservice.support.TestConfig;
import eventservice.support.TopicReader;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The service starts while Kafka does not answer (its address is a cut TCP proxy): it serves,
 * reports Kafka DOWN, stores events PENDING and creates no topic; once Kafka answers, the relay
 * creates the topic with the configured partition count (3; the broker's own default is 6, which a
 * send to a missing topic would get) and delivers.
 */
@ServerTest
class KafkaAbsentAtStartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TcpProxy kafka;
    private static EventServiceApp app;
    private static String topic;

    private final Http1Client http;

    KafkaAbsentAtStartTest(@Socket(Main.HTTP) Http1Client http) {
        this.http = http;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        kafka = new TcpProxy(Integer.parseInt(TestConfig.KAFKA.substring(TestConfig.KAFKA.lastIndexOf(':') + 1)));
        kafka.cut();
        Config config = TestConfig.forTest(KafkaAbsentAtStartTest.class, Map.of(
                "kafka.brokers", "127.0.0.1:" + kafka.port(),
                "kafka.partitions", "3"));
        topic = config.get("kafka.topic").asString().get();
        // Not TestServer.start: that waits for the relay, which is what must not hold up the start.
        app = EventServiceApp.start(config);
        server.config(config.get("server"));
        Main.setup(server, app);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        kafka.close();
    }

    @Test
    void servesWithoutKafkaAndDeliversOnceItAnswers() throws Exception {
        JsonNode health = get("/health", 503);
        assertThat(health.at("/components/kafka/status").asText(), is("DOWN"));
        assertThat(health.at("/components/postgresql/status").asText(), is("UP"));

        JsonNode published;
        try (Http1ClientResponse response = http.post("/api/v1/events").header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit("{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"o-1\",\"payload\":{\"total\":1}}")) {
            assertThat(response.status().code(), is(201));
            published = JSON.readTree(response.as(String.class));
        }
        assertThat(published.get("status").asText(), is("PENDING"));
        String id = published.get("id").asText();
        try (Admin admin = directAdmin()) {
            assertThat("no topic while the service could not check it", admin.listTopics().names().get(15, TimeUnit.SECONDS)
                    .contains(topic), is(false));

            kafka.restore();
            Eventually.await(Duration.ofSeconds(60), "event PROCESSED after Kafka answered",
                    () -> get("/api/v1/events/" + id, 200).get("status").asText().equals("PROCESSED"));
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic);
            assertThat("partitions as configured", description.partitions().size(), is(3));
        }
        try (TopicReader reader = new TopicReader(topic)) {
            assertThat(TopicReader.header(reader.readAtLeast(1, Duration.ofSeconds(30)).getFirst(), "event_id"), is(id));
        }
        assertThat(get("/health", 200).get("status").asText(), is("UP"));
    }

    private JsonNode get(String path, int expectedStatus) {
        try (Http1ClientResponse response = http.get(path).request()) {
            assertThat(path, response.status().code(), is(expectedStatus));
            return JSON.readTree(response.as(String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Admin directAdmin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestConfig.KAFKA);
        return Admin.create(props);
    }
}
