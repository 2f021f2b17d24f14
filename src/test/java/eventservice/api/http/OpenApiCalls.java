package eventservice.api.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.support.TestConfig;
import eventservice.support.Tokens;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;

import static eventservice.api.http.OpenApiDocument.operation;
import static eventservice.api.http.OpenApiDocument.resolve;
import static eventservice.api.http.OpenApiDocument.validate;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The OpenAPI tests' side of the wire: the service they run (AUTH_TOKEN, a token with only the read
 * scope, which makes reads need a token, and one that may publish USER_* only), the document's
 * requests sent to it, and the check of each answer against what the document lists.
 */
final class OpenApiCalls {
    static final String TOKEN = "openapi-document-test-token";
    static final String READER = "openapi-reader-token";
    static final String PUBLISHER = "openapi-publisher-token";
    static final int MAX_BODY_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http1Client http;
    private final Examples examples;

    /** {@code examples}: the test class's own, kept across its tests (a static of the class). */
    OpenApiCalls(Http1Client http, Examples examples) {
        this.http = http;
        this.examples = examples;
    }

    static Config config(Class<?> owner, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(Map.of(
                "http.max-body-bytes", Integer.toString(MAX_BODY_BYTES),
                "security.auth-token", TOKEN,
                "security.auth-tokens", "reader:" + Tokens.sha256(READER) + ":read;publisher:" + Tokens.sha256(PUBLISHER)
                        + ":publish:USER_*",
                // Redis keys are not per database: keep the fixed example keys out of the shared Redis.
                "redis.host", "",
                "retention.enabled", "false"));
        all.putAll(more);
        return TestConfig.forTest(owner, all);
    }

    /** The ids of the document's example event and replay on one test class's service. */
    static final class Examples {
        private volatile String eventId;
        private volatile String replayId;
    }

    record Case(String name, Request request, int status) {
    }

    record Request(String method, String path, Map<String, String> query, Map<String, String> headers,
                           String contentType, String body) {
        Request withBody(String type, String text) {
            return new Request(method, path, query, headers, type, text);
        }

        Request withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Request(method, path, query, h, contentType, body);
        }

        Request withoutHeader(String name) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.remove(name);
            return new Request(method, path, query, h, contentType, body);
        }

        Request withoutToken() {
            return withoutHeader("Authorization");
        }

        Request withQuery(String name, String value) {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put(name, value);
            return new Request(method, path, q, headers, contentType, body);
        }
    }

    record Answer(int status, String contentType, String body) {
        boolean helidonNotFound() {
            return status == 404 && body.contains("Endpoint not found");
        }

        Object json() {
            try {
                return JSON.readValue(body, Object.class);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    Answer send(Request r) {
        var request = http.method(Method.create(r.method())).uri(r.path());
        r.query().forEach(request::queryParam);
        r.headers().forEach((name, value) -> request.header(HeaderNames.create(name), value));
        if (r.contentType() != null) {
            request.header(HeaderNames.CONTENT_TYPE, r.contentType());
        }
        try (HttpClientResponse response = r.body() == null ? request.request() : request.submit(r.body())) {
            String type = response.headers().contentType().map(t -> t.text()).orElse("");
            String body = response.entity().hasEntity() ? response.entity().as(String.class) : "";
            return new Answer(response.status().code(), type, body);
        }
    }

    /** The operation's example for event {@code id}; a replay job's path takes the example replay's id instead. */
    Request example(OpenApiOperation op, String id) {
        boolean replay = op.path().startsWith("/api/v1/replays/") && id != null && id.equals(examples.eventId);
        return op.example(replay ? examples.replayId : id);
    }

    /** Publishes the document's own example event and answers its id; the first time, also starts the example replay. */
    @SuppressWarnings("unchecked")
    String publishExampleEvent() {
        OpenApiOperation publish = operation("post", "/api/v1/events");
        Answer answer = send(publish.example(null));
        assertThat(answer.body(), answer.status() == 200 || answer.status() == 201, is(true));
        Map<String, Object> event = (Map<String, Object>) answer.json();
        examples.eventId = (String) event.get("id");
        if (examples.replayId == null) {
            Answer replay = send(operation("post", "/api/v1/events:replay").example(null));
            assertThat(replay.body(), replay.status(), is(202));
            examples.replayId = (String) ((Map<String, Object>) replay.json()).get("id");
        }
        return examples.eventId;
    }

    /** The case is answered with its status, which the document lists for the operation, in the documented shape. */
    List<String> expect(OpenApiOperation op, Case c) {
        List<String> problems = new ArrayList<>();
        if (!op.statuses().contains(c.status())) {
            problems.add(op + ": " + c.name() + " answers " + c.status() + ", which the document does not list " + op.statuses());
        }
        Answer answer = send(c.request());
        if (answer.status() != c.status()) {
            problems.add(op + ": " + c.name() + ": expected " + c.status() + ", got " + answer.status() + " " + answer.body());
        }
        problems.addAll(check(op, answer, c.name()));
        return problems;
    }

    /** The answer comes from the route, with a status the document lists, in the shape it documents. */
    @SuppressWarnings("unchecked")
    List<String> check(OpenApiOperation op, Answer answer, String what) {
        List<String> problems = new ArrayList<>();
        if (answer.helidonNotFound()) {
            problems.add(op + " (" + what + "): not served (Helidon's 404 \"Endpoint not found\")");
            return problems;
        }
        if (!op.statuses().contains(answer.status())) {
            problems.add(op + " (" + what + "): answered " + answer.status() + ", not among the documented "
                                 + op.statuses() + ": " + answer.body());
            return problems;
        }
        Map<String, Object> response = resolve(op.responses().get(Integer.toString(answer.status())));
        Map<String, Object> content = (Map<String, Object>) response.get("content");
        if (content == null) {
            return problems;
        }
        Map<String, Object> json = (Map<String, Object>) content.get("application/json");
        if (json == null) {
            problems.add(op + ": the document's " + answer.status() + " has no application/json content");
            return problems;
        }
        if (!answer.contentType().startsWith("application/json")) {
            problems.add(op + " (" + what + "): " + answer.status() + " with Content-Type '" + answer.contentType() + "'");
            return problems;
        }
        validate(json.get("schema"), answer.json(), op + " (" + what + ") " + answer.status() + " body", problems);
        return problems;
    }
}
