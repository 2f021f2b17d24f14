package eventservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.support.Eventually;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Main's order: the listeners open on the parts the first answer needs ({@link EventServiceApp#open});
 * Kafka's and Redis's clients and the relay come after ({@link EventServiceApp#startBackground}).
 * Before that, a publish is stored and answered (PENDING) and health says Kafka is DOWN; after it,
 * that event is delivered and health is UP.
 */
@ServerTest
class BackgroundStartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EventServiceApp app;
    private static String topic;

    private final Http1Client http;

    BackgroundStartTest(@Socket(Main.HTTP) Http1Client http) {
        this.http = http;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(BackgroundStartTest.class);
        topic = config.get("kafka.topic").asString().get();
        app = EventServiceApp.open(config);
        server.config(config.get("server"));
        Main.setup(server, app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void answersBeforeKafkaClientsAreMadeAndDeliversAfter() throws Exception {
        JsonNode health = get("/health", 503);
        assertThat(health.at("/components/kafka/status").asText(), is("DOWN"));
        assertThat(health.at("/components/postgresql/status").asText(), is("UP"));

        JsonNode published;
        try (Http1ClientResponse response = http.post("/api/v1/events").header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit("{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"early-1\",\"payload\":{\"total\":1}}")) {
            assertThat(response.status().code(), is(201));
            published = JSON.readTree(response.as(String.class));
        }
        assertThat("stored for the relay to claim, none to send it yet", published.get("status").asText(), is("PENDING"));
        String id = published.get("id").asText();

        app.startBackground();
        Eventually.await(Duration.ofSeconds(60), "event PROCESSED once the relay started",
                () -> get("/api/v1/events/" + id, 200).get("status").asText().equals("PROCESSED"));
        try (TopicReader reader = new TopicReader(topic)) {
            assertThat(TopicReader.header(reader.readAtLeast(1, Duration.ofSeconds(30)).getFirst(), "event_id"), is(id));
        }
        Eventually.await(Duration.ofSeconds(30), "health UP once Kafka's client is made",
                () -> get("/health", -1).get("status").asText().equals("UP"));
    }

    /** {@code expectedStatus} -1: any. */
    private JsonNode get(String path, int expectedStatus) {
        try (Http1ClientResponse response = http.get(path).request()) {
            if (expectedStatus >= 0) {
                assertThat(path, response.status().code(), is(expectedStatus));
            }
            return JSON.readTree(response.as(String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
