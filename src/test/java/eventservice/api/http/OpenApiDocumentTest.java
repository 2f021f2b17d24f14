package eventservice.api.http;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.event.EventStatus;
import eventservice.support.Eventually;
import eventservice.support.TcpProxy;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.Tokens;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * Keeps etc/openapi.yaml true: every operation it documents is served by the real service and
 * answers only statuses the document lists, with bodies of the documented shapes; the statuses it
 * lists are really answered (401, 403, 409, 413, 415, 400, 404 and, with PostgreSQL cut off, 503); no
 * undocumented method is served on a documented path; and a real event has exactly the fields of
 * the document's Event schema. Besides AUTH_TOKEN, a token with only the read scope (which makes
 * reads need a token) and one that may publish USER_* only.
 */
@ServerTest
class OpenApiDocumentTest {
    private static final Path DOCUMENT = Path.of("etc", "openapi.yaml");
    private static final String TOKEN = "openapi-document-test-token";
    private static final String READER = "openapi-reader-token";
    private static final String PUBLISHER = "openapi-publisher-token";
    private static final int MAX_BODY_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static EventServiceApp app;
    private static TcpProxy database;
    private static Map<String, Object> document;

    private final Http1Client http;

    OpenApiDocumentTest(@Socket(Main.HTTP) Http1Client http) {
        this.http = http;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws IOException {
        document = load();
        // PostgreSQL through a proxy that one test cuts; a token so that 401 is really answered.
        database = new TcpProxy(5432);
        Config config = TestConfig.forTest(OpenApiDocumentTest.class, Map.of(
                "db.host", "127.0.0.1",
                "db.port", Integer.toString(database.port()),
                "db.pool.connectionTimeout", "1000",
                "http.max-body-bytes", Integer.toString(MAX_BODY_BYTES),
                "security.auth-token", TOKEN,
                "security.auth-tokens", "reader:" + Tokens.sha256(READER) + ":read;publisher:" + Tokens.sha256(PUBLISHER)
                        + ":publish:USER_*",
                // Redis keys are not per database: keep this test's fixed example keys out of the shared Redis.
                "redis.host", "",
                "retention.enabled", "false"));
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        database.close();
    }

    // ---------------------------------------------------------------------------------------------
    // The document against the service

    @Test
    void everyDocumentedOperationIsServedAndItsExampleSucceedsAsDocumented() {
        assertThat("operations in " + DOCUMENT, operations().isEmpty(), is(false));
        String eventId = publishExampleEvent();
        List<String> problems = new ArrayList<>();
        for (Operation op : operations()) {
            Answer answer = send(op.example(eventId));
            problems.addAll(check(op, answer, "example request"));
            if (answer.status() / 100 != 2) {
                // The examples use every documented parameter and body field: a renamed or removed
                // one is refused as unknown (400) and shows up here.
                problems.add(op + ": the document's example request answered " + answer.status() + " " + answer.body());
            }
        }
        assertThat(String.join("\n", problems), problems, is(empty()));
    }

    @Test
    void documentedErrorsAreAnsweredWithTheirStatusAndShape() {
        String eventId = publishExampleEvent();
        List<String> problems = new ArrayList<>();
        for (Operation op : operations()) {
            Request example = op.example(eventId);
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
                problems.addAll(expect(op, c));
            }
        }
        Operation publish = operation("post", "/api/v1/events");
        Operation batch = operation("post", "/api/v1/events:batch");
        Operation list = operation("get", "/api/v1/events");
        String key = "openapi-" + UUID.randomUUID();
        String first = "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"first\",\"payload\":{\"a\":1},\"idempotency_key\":\"" + key + "\"}";
        String other = "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"other\",\"payload\":{\"a\":1},\"idempotency_key\":\"" + key + "\"}";
        problems.addAll(expect(publish, new Case("new event", publish.example(null).withBody("application/json", first)
                .withoutHeader("Idempotency-Key"), 201)));
        problems.addAll(expect(publish, new Case("repeated key", publish.example(null).withBody("application/json", first)
                .withoutHeader("Idempotency-Key"), 200)));
        problems.addAll(expect(publish, new Case("key reused for another event", publish.example(null)
                .withBody("application/json", other).withoutHeader("Idempotency-Key"), 409)));
        problems.addAll(expect(publish, new Case("invalid event", publish.example(null).withBody("application/json",
                "{\"type\":\"NO_SUCH_TYPE\",\"aggregate_id\":\"a\",\"payload\":{}}"), 400)));
        problems.addAll(expect(batch, new Case("key reused for another event", batch.example(null)
                .withBody("application/json", "{\"events\":[" + other + "]}"), 409)));
        problems.addAll(expect(batch, new Case("empty batch", batch.example(null)
                .withBody("application/json", "{\"events\":[]}"), 400)));
        problems.addAll(expect(list, new Case("bad page_token", list.example(null).withQuery("page_token", "bad"), 400)));
        Operation put = operation("put", "/api/v1/event-types/{name}");
        Answer registered = send(put.example(null));
        assertThat(registered.body(), registered.status() / 100, is(2));
        problems.addAll(expect(publish, new Case("payload breaking its type's schema", publish.example(null)
                .withBody("application/json", "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"a\",\"payload\":{\"total\":-1}}")
                .withoutHeader("Idempotency-Key"), 400)));
        problems.addAll(expect(put, new Case("schema incompatible with the latest version", put.example(null)
                .withBody("application/json", "{\"schema\":{\"type\":\"object\",\"required\":[\"order_id\"]}}"), 409)));
        assertThat(String.join("\n", problems), problems, is(empty()));
    }

    @Test
    void undocumentedMethodsAreNotServedOnDocumentedPaths() {
        String eventId = publishExampleEvent();
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        Map<String, String> concrete = new LinkedHashMap<>();
        for (Operation op : operations()) {
            documented.computeIfAbsent(op.path(), p -> new TreeSet<>()).add(op.method());
            concrete.putIfAbsent(op.path(), op.example(eventId).path());
        }
        documented.forEach((path, methods) -> {
            for (String method : METHODS) {
                if (methods.contains(method)) {
                    continue;
                }
                Answer answer = send(new Request(method, concrete.get(path), Map.of(), Map.of(), null, null));
                if (!answer.helidonNotFound()) {
                    problems.add(method + " " + path + " is served (" + answer.status() + " " + answer.body()
                                         + ") but not in the document");
                }
            }
        });
        assertThat(String.join("\n", problems), problems, is(empty()));
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

        Operation publish = operation("post", "/api/v1/events");
        String body = "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"fields-" + UUID.randomUUID()
                + "\",\"payload\":{\"total\":10},\"metadata\":{\"source\":\"web\"},\"idempotency_key\":\"k-"
                + UUID.randomUUID() + "\"}";
        Answer created = send(publish.example(null).withBody("application/json", body).withoutHeader("Idempotency-Key"));
        assertThat(created.body(), created.status(), is(201));
        Map<String, Object> event = (Map<String, Object>) created.json();
        assertThat("fields of a published event", new TreeSet<>(event.keySet()), is(new TreeSet<>(documented)));

        Operation get = operation("get", "/api/v1/events/{id}");
        Answer processed = Eventually.await(Duration.ofSeconds(30), "event PROCESSED",
                () -> send(get.example((String) event.get("id"))),
                a -> a.status() == 200 && "PROCESSED".equals(((Map<String, Object>) a.json()).get("status")));
        Map<String, Object> fetched = (Map<String, Object>) processed.json();
        assertThat("fields of a fetched event", new TreeSet<>(fetched.keySet()), is(new TreeSet<>(documented)));
        assertThat(check(get, processed, "processed event"), is(empty()));
    }

    @Test
    void unreachableDatabaseIsAnsweredAsDocumented() {
        String eventId = publishExampleEvent();
        List<String> problems = new ArrayList<>();
        database.cut();
        try {
            // Every operation needs PostgreSQL (Redis is off here), /health reports it DOWN: all 503.
            for (Operation op : operations()) {
                problems.addAll(expect(op, new Case("PostgreSQL unreachable", op.example(eventId), 503)));
            }
        } finally {
            database.restore();
            Eventually.await(Duration.ofSeconds(30), "service recovers",
                             () -> send(operation("get", "/health").example(null)).status() == 200);
        }
        assertThat(String.join("\n", problems), problems, is(empty()));
    }

    // ---------------------------------------------------------------------------------------------
    // Checks

    private record Case(String name, Request request, int status) {
    }

    /** The case is answered with its status, which the document lists for the operation, in the documented shape. */
    private List<String> expect(Operation op, Case c) {
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
    private List<String> check(Operation op, Answer answer, String what) {
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

    /** A small OpenAPI 3.0 schema check: $ref, nullable, type, enum, format, properties, required, items. */
    @SuppressWarnings("unchecked")
    private static void validate(Object schemaNode, Object value, String where, List<String> problems) {
        Map<String, Object> schema = resolve(schemaNode);
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                problems.add(where + ": null, but not nullable");
            }
            return;
        }
        String type = (String) schema.get("type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(where + ": expected an object, got " + value);
                    return;
                }
                Map<String, Object> object = (Map<String, Object>) map;
                Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                for (String required : (List<String>) schema.getOrDefault("required", List.of())) {
                    if (!object.containsKey(required)) {
                        problems.add(where + ": missing required '" + required + "'");
                    }
                }
                Object additional = schema.get("additionalProperties");
                for (Map.Entry<String, Object> entry : object.entrySet()) {
                    String at = where + "." + entry.getKey();
                    if (properties.containsKey(entry.getKey())) {
                        validate(properties.get(entry.getKey()), entry.getValue(), at, problems);
                    } else if (Boolean.FALSE.equals(additional)) {
                        problems.add(where + ": '" + entry.getKey() + "' is not in the document " + properties.keySet());
                    } else if (additional instanceof Map<?, ?>) {
                        validate(additional, entry.getValue(), at, problems);
                    }
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(where + ": expected an array, got " + value);
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    validate(schema.get("items"), list.get(i), where + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!(value instanceof String s)) {
                    problems.add(where + ": expected a string, got " + value);
                    return;
                }
                List<Object> allowed = (List<Object>) schema.get("enum");
                if (allowed != null && !allowed.contains(s)) {
                    problems.add(where + ": '" + s + "' not in " + allowed);
                }
                String format = (String) schema.get("format");
                try {
                    if ("uuid".equals(format) && !UUID.fromString(s).toString().equalsIgnoreCase(s)) {
                        problems.add(where + ": '" + s + "' is not a UUID");
                    } else if ("date-time".equals(format)) {
                        Instant.parse(s);
                    }
                } catch (RuntimeException e) {
                    problems.add(where + ": '" + s + "' is not a " + format);
                }
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    problems.add(where + ": expected an integer, got " + value);
                }
            }
            case "number" -> {
                if (!(value instanceof Number)) {
                    problems.add(where + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(where + ": expected a boolean, got " + value);
                }
            }
            default -> problems.add(where + ": the document uses type '" + type + "', which this test does not check");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Requests

    private record Request(String method, String path, Map<String, String> query, Map<String, String> headers,
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

    private record Answer(int status, String contentType, String body) {
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

    private Answer send(Request r) {
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

    /** Publishes the document's own example event and answers its id; the first time, also starts the example replay. */
    @SuppressWarnings("unchecked")
    private String publishExampleEvent() {
        Operation publish = operation("post", "/api/v1/events");
        Answer answer = send(publish.example(null));
        assertThat(answer.body(), answer.status() == 200 || answer.status() == 201, is(true));
        Map<String, Object> event = (Map<String, Object>) answer.json();
        exampleEventId = (String) event.get("id");
        if (exampleReplayId == null) {
            Answer replay = send(operation("post", "/api/v1/events:replay").example(null));
            assertThat(replay.body(), replay.status(), is(202));
            exampleReplayId = (String) ((Map<String, Object>) replay.json()).get("id");
        }
        return exampleEventId;
    }

    private static volatile String exampleEventId;
    private static volatile String exampleReplayId;

    // ---------------------------------------------------------------------------------------------
    // The document

    private record Operation(String path, String method, Map<String, Object> spec) {
        @SuppressWarnings("unchecked")
        Map<String, Object> responses() {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<Object, Object>) spec.get("responses")).forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }

        Set<Integer> statuses() {
            Set<Integer> out = new TreeSet<>();
            responses().keySet().forEach(k -> out.add(Integer.parseInt(k)));
            return out;
        }

        @SuppressWarnings("unchecked")
        boolean secured() {
            List<Map<String, Object>> security = (List<Map<String, Object>>) spec.get("security");
            return security != null && security.stream().anyMatch(s -> s.containsKey("bearerAuth"));
        }

        boolean hasBody() {
            return spec.get("requestBody") != null;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parameters() {
            return ((List<Object>) spec.getOrDefault("parameters", List.of())).stream().map(OpenApiDocumentTest::resolve).toList();
        }

        List<Map<String, Object>> queryParameters() {
            return parameters().stream().filter(p -> "query".equals(p.get("in"))).toList();
        }

        /**
         * The request the document's examples describe: every parameter with its example, the body
         * example, the bearer token where the operation is secured; {@code id} for an {id} path parameter.
         */
        Request example(String id) {
            // A replay job's path takes the example replay's id where the example event's id is given.
            String value = path.startsWith("/api/v1/replays/") && id != null && id.equals(exampleEventId) ? exampleReplayId : id;
            return exampleAt(value == null ? Map.of() : Map.of("id", value));
        }

        /** The example with one path parameter given another value. */
        Request exampleWith(String parameter, String value) {
            return exampleAt(Map.of(parameter, value));
        }

        @SuppressWarnings("unchecked")
        private Request exampleAt(Map<String, String> pathValues) {
            String p = path;
            Map<String, String> query = new LinkedHashMap<>();
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map<String, Object> parameter : parameters()) {
                String name = (String) parameter.get("name");
                Object example = parameter.get("example");
                if (example == null) {
                    throw new AssertionError(this + ": parameter '" + name + "' has no example");
                }
                switch ((String) parameter.get("in")) {
                    case "path" -> p = p.replace("{" + name + "}", pathValues.getOrDefault(name, String.valueOf(example)));
                    case "query" -> query.put(name, String.valueOf(example));
                    case "header" -> headers.put(name, String.valueOf(example));
                    default -> throw new AssertionError(this + ": parameter in " + parameter.get("in"));
                }
            }
            if (secured()) {
                headers.put("Authorization", "Bearer " + TOKEN);
            }
            String contentType = null;
            String body = null;
            if (hasBody()) {
                Map<String, Object> content = (Map<String, Object>) resolve(spec.get("requestBody")).get("content");
                Map<String, Object> json = (Map<String, Object>) content.get("application/json");
                if (json == null || json.get("example") == null) {
                    throw new AssertionError(this + ": request body without an application/json example");
                }
                checkExampleIsComplete(json.get("schema"), json.get("example"), this + " request example");
                contentType = "application/json";
                try {
                    body = JSON.writeValueAsString(json.get("example"));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return new Request(method, p, query, headers, contentType, body);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A request example names every documented property, so that the service sees them all. */
    @SuppressWarnings("unchecked")
    private static void checkExampleIsComplete(Object schemaNode, Object example, String where) {
        Map<String, Object> schema = resolve(schemaNode);
        if (example instanceof Map<?, ?> map && schema.get("properties") instanceof Map<?, ?> properties) {
            Set<Object> missing = new LinkedHashSet<>(properties.keySet());
            missing.removeAll(map.keySet());
            if (!missing.isEmpty()) {
                throw new AssertionError(where + " lacks the documented properties " + missing);
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object property = properties.get(entry.getKey());
                if (property != null) {
                    checkExampleIsComplete(property, entry.getValue(), where + "." + entry.getKey());
                }
            }
        } else if (example instanceof List<?> list && "array".equals(schema.get("type"))) {
            for (Object item : list) {
                checkExampleIsComplete(schema.get("items"), item, where + "[]");
            }
        }
        List<String> problems = new ArrayList<>();
        validate(schema, example, where, problems);
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, spec) -> {
            if (METHODS.contains(method.toUpperCase())) {
                out.add(new Operation(path, method.toUpperCase(), (Map<String, Object>) spec));
            }
        }));
        return out;
    }

    private static Operation operation(String method, String path) {
        return operations().stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(method.toUpperCase() + " " + path + " is not in " + DOCUMENT));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(String name) {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> schema = (Map<String, Object>) schemas.get(name);
        if (schema == null) {
            throw new AssertionError("no schema " + name + " in " + DOCUMENT);
        }
        return schema;
    }

    /** Follows a local {@code $ref} ("#/components/..."). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Object node) {
        Map<String, Object> map = (Map<String, Object>) node;
        while (map != null && map.get("$ref") instanceof String ref) {
            if (!ref.startsWith("#/")) {
                throw new AssertionError("only local $refs are supported: " + ref);
            }
            Object target = document;
            for (String part : ref.substring(2).split("/")) {
                target = ((Map<String, Object>) target).get(part);
                if (target == null) {
                    throw new AssertionError("unresolved $ref " + ref);
                }
            }
            map = (Map<String, Object>) target;
        }
        if (map == null) {
            throw new AssertionError("missing schema or response in " + DOCUMENT);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() throws IOException {
        try (Reader reader = Files.newBufferedReader(DOCUMENT)) {
            Map<String, Object> loaded = new Yaml().load(reader);
            assertThat(String.valueOf(loaded.get("openapi")).startsWith("3.0"), is(true));
            return loaded;
        }
    }
}
