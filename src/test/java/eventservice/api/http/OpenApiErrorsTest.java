package eventservice.api.http;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.api.http.OpenApiCalls.Answer;
import eventservice.api.http.OpenApiCalls.Case;
import eventservice.api.http.OpenApiCalls.Request;
import eventservice.support.Eventually;
import eventservice.support.TcpProxy;
import eventservice.support.TestServer;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static eventservice.api.http.OpenApiCalls.MAX_BODY_BYTES;
import static eventservice.api.http.OpenApiCalls.PUBLISHER;
import static eventservice.api.http.OpenApiCalls.READER;
import static eventservice.api.http.OpenApiDocument.operation;
import static eventservice.api.http.OpenApiDocument.operations;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * The error statuses etc/openapi.yaml lists are really answered, in the documented shapes: 401, 403,
 * 409, 413, 415, 400, 404 and, with PostgreSQL cut off, 503.
 */
@ServerTest
class OpenApiErrorsTest {
    private static final OpenApiCalls.Examples EXAMPLES = new OpenApiCalls.Examples();
    private static EventServiceApp app;
    private static TcpProxy database;

    private final OpenApiCalls calls;

    OpenApiErrorsTest(@Socket(Main.HTTP) Http1Client http) {
        this.calls = new OpenApiCalls(http, EXAMPLES);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws IOException {
        // PostgreSQL through a proxy that one test cuts.
        database = new TcpProxy(5432);
        app = TestServer.start(server, OpenApiCalls.config(OpenApiErrorsTest.class, Map.of(
                "db.host", "127.0.0.1",
                "db.port", Integer.toString(database.port()),
                "db.pool.connectionTimeout", "1000")));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        database.close();
    }

    @Test
    void documentedErrorsAreAnsweredWithTheirStatusAndShape() {
        String eventId = calls.publishExampleEvent();
        List<String> problems = new ArrayList<>();
        for (OpenApiOperation op : operations()) {
            Request example = calls.example(op, eventId);
            List<Case> cases = new ArrayList<>();
            if (op.secured()) {
                cases.add(new Case("no bearer token", example.withoutToken(), 401));
                cases.add(new Case("wrong bearer token", example.withHeader("Authorization", "Bearer wrong"), 401));
                // A reader may only read; the publisher may publish USER_* only (the examples are ORDER_* events).
                String lacking = op.method().equals("GET") ? PUBLISHER : READER;
                cases.add(new Case("token without the scope", example.withHeader("Authorization", "Bearer " + lacking), 403));
            }
            if (op.hasBody()) {
                cases.add(new Case("text/plain body", example.withBody("text/plain", "{}"), 415));
                cases.add(new Case("unknown body field", example.withBody("application/json", "{\"no_such_field\":1}"), 400));
                cases.add(new Case("invalid JSON", example.withBody("application/json", "{\"limit\":"), 400));
                cases.add(new Case("body over http.max-body-bytes", example.withBody("application/json",
                        "{\"x\":\"" + "y".repeat(MAX_BODY_BYTES) + "\"}"), 413));
            }
            if (!op.queryParameters().isEmpty()) {
                cases.add(new Case("unknown query parameter", example.withQuery("no_such_parameter", "1"), 400));
            }
            if (op.path().contains("{id}")) {
                cases.add(new Case("id not a UUID", op.example("not-a-uuid"), 400));
                cases.add(new Case("no such id", op.example(UUID.randomUUID().toString()), 404));
            }
            if (op.path().contains("{name}")) {
                // A PUT of a new name registers it; any other operation on one answers 404.
                cases.add(op.method().equals("PUT")
                        ? new Case("invalid type name", op.exampleWith("name", "-bad"), 400)
                        : new Case("no such event type", op.exampleWith("name", "NO_SUCH_TYPE"), 404));
            }
            if (op.path().contains("{version}")) {
                cases.add(new Case("version not a number", op.exampleWith("version", "one"), 400));
                cases.add(new Case("no such version", op.exampleWith("version", "999"), 404));
            }
            for (Case c : cases) {
                problems.addAll(calls.expect(op, c));
            }
        }
        OpenApiOperation publish = operation("post", "/api/v1/events");
        OpenApiOperation batch = operation("post", "/api/v1/events:batch");
        OpenApiOperation list = operation("get", "/api/v1/events");
        String key = "openapi-" + UUID.randomUUID();
        String first = "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"first\",\"payload\":{\"a\":1},\"idempotency_key\":\"" + key + "\"}";
        String other = "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"other\",\"payload\":{\"a\":1},\"idempotency_key\":\"" + key + "\"}";
        problems.addAll(calls.expect(publish, new Case("new event", publish.example(null).withBody("application/json", first)
                .withoutHeader("Idempotency-Key"), 201)));
        problems.addAll(calls.expect(publish, new Case("repeated key", publish.example(null).withBody("application/json", first)
                .withoutHeader("Idempotency-Key"), 200)));
        problems.addAll(calls.expect(publish, new Case("key reused for another event", publish.example(null)
                .withBody("application/json", other).withoutHeader("Idempotency-Key"), 409)));
        problems.addAll(calls.expect(publish, new Case("invalid event", publish.example(null).withBody("application/json",
                "{\"type\":\"NO_SUCH_TYPE\",\"aggregate_id\":\"a\",\"payload\":{}}"), 400)));
        problems.addAll(calls.expect(batch, new Case("key reused for another event", batch.example(null)
                .withBody("application/json", "{\"events\":[" + other + "]}"), 409)));
        problems.addAll(calls.expect(batch, new Case("empty batch", batch.example(null)
                .withBody("application/json", "{\"events\":[]}"), 400)));
        problems.addAll(calls.expect(list, new Case("bad page_token", list.example(null).withQuery("page_token", "bad"), 400)));
        OpenApiOperation put = operation("put", "/api/v1/event-types/{name}");
        Answer registered = calls.send(put.example(null));
        assertThat(registered.body(), registered.status() / 100, is(2));
        problems.addAll(calls.expect(publish, new Case("payload breaking its type's schema", publish.example(null)
                .withBody("application/json", "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"a\",\"payload\":{\"total\":-1}}")
                .withoutHeader("Idempotency-Key"), 400)));
        problems.addAll(calls.expect(put, new Case("schema incompatible with the latest version", put.example(null)
                .withBody("application/json", "{\"schema\":{\"type\":\"object\",\"required\":[\"order_id\"]}}"), 409)));
        assertThat(String.join("\n", problems), problems, is(empty()));
    }

    @Test
    void unreachableDatabaseIsAnsweredAsDocumented() {
        String eventId = calls.publishExampleEvent();
        List<String> problems = new ArrayList<>();
        database.cut();
        try {
            // Every operation needs PostgreSQL (Redis is off here), /health reports it DOWN: all 503.
            for (OpenApiOperation op : operations()) {
                problems.addAll(calls.expect(op, new Case("PostgreSQL unreachable", calls.example(op, eventId), 503)));
            }
        } finally {
            database.restore();
            Eventually.await(Duration.ofSeconds(30), "service recovers",
                             () -> calls.send(operation("get", "/health").example(null)).status() == 200);
        }
        assertThat(String.join("\n", problems), problems, is(empty()));
    }
}
