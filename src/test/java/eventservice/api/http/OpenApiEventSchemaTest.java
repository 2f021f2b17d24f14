package eventservice.api.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.api.http.OpenApiCalls.Answer;
import eventservice.event.EventStatus;
import eventservice.support.Eventually;
import eventservice.support.TestServer;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static eventservice.api.http.OpenApiDocument.operation;
import static eventservice.api.http.OpenApiDocument.schema;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/** A real event, published and fetched, has exactly the fields of etc/openapi.yaml's Event schema. */
@ServerTest
class OpenApiEventSchemaTest {
    private static EventServiceApp app;

    private final OpenApiCalls calls;

    OpenApiEventSchemaTest(@Socket(Main.HTTP) Http1Client http) {
        this.calls = new OpenApiCalls(http, new OpenApiCalls.Examples());
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        app = TestServer.start(server, OpenApiCalls.config(OpenApiEventSchemaTest.class, Map.of()));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRealEventHasExactlyTheFieldsOfTheEventSchema() {
        Map<String, Object> eventSchema = schema("Event");
        Set<String> documented = ((Map<String, Object>) eventSchema.get("properties")).keySet();
        assertThat("Event: every property is required (the service always writes each one)",
                   new TreeSet<>((List<String>) eventSchema.get("required")), is(new TreeSet<>(documented)));
        List<String> statuses = (List<String>) schema("EventStatus").get("enum");
        assertThat(new TreeSet<>(statuses),
                   is(new TreeSet<>(Arrays.stream(EventStatus.values()).map(Enum::name).toList())));

        OpenApiOperation publish = operation("post", "/api/v1/events");
        String body = "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"fields-" + UUID.randomUUID()
                + "\",\"payload\":{\"total\":10},\"metadata\":{\"source\":\"web\"},\"idempotency_key\":\"k-"
                + UUID.randomUUID() + "\"}";
        Answer created = calls.send(publish.example(null).withBody("application/json", body).withoutHeader("Idempotency-Key"));
        assertThat(created.body(), created.status(), is(201));
        Map<String, Object> event = (Map<String, Object>) created.json();
        assertThat("fields of a published event", new TreeSet<>(event.keySet()), is(new TreeSet<>(documented)));

        OpenApiOperation get = operation("get", "/api/v1/events/{id}");
        Answer processed = Eventually.await(Duration.ofSeconds(30), "event PROCESSED",
                () -> calls.send(get.example((String) event.get("id"))),
                a -> a.status() == 200 && "PROCESSED".equals(((Map<String, Object>) a.json()).get("status")));
        Map<String, Object> fetched = (Map<String, Object>) processed.json();
        assertThat("fields of a fetched event", new TreeSet<>(fetched.keySet()), is(new TreeSet<>(documented)));
        assertThat(calls.check(get, processed, "processed event"), is(empty()));
    }
}
