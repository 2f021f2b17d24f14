package eventservice.api.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.Eventually;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** /api/v1/events over HTTP, against the real PostgreSQL and Kafka: shapes, statuses, metrics. */
@ServerTest
class HttpApiTest {
    private static EventServiceApp app;
    private static TestDb db;

    private final Http1Client http;

    HttpApiTest(@Socket(Main.HTTP) Http1Client http) {
        this.http = http;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(HttpApiTest.class, Map.of("http.max-body-bytes", "4096",
                                                                      "metrics.sample-interval", "PT0.1S"));
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private record Answer(Status status, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> error() {
            return (Map<String, Object>) body.get("error");
        }
    }

    @SuppressWarnings("unchecked")
    private Answer post(String path, String contentType, String body, Map<String, String> headers) {
        var request = http.post(path);
        if (contentType != null) {
            request.header(HeaderNames.CONTENT_TYPE, contentType);
        }
        headers.forEach((k, v) -> request.header(HeaderNames.create(k), v));
        try (Http1ClientResponse response = request.submit(body)) {
            return new Answer(response.status(), response.as(Map.class));
        }
    }

    private Answer post(String path, String json) {
        return post(path, "application/json", json, Map.of());
    }

    @SuppressWarnings("unchecked")
    private Answer get(String pathAndQuery) {
        String[] parts = pathAndQuery.split("\\?", 2);
        var request = http.get(parts[0]);
        if (parts.length > 1) {
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                request.queryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        try (Http1ClientResponse response = request.request()) {
            return new Answer(response.status(), response.as(Map.class));
        }
    }

    private static String event(String aggregate) {
        return "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":{\"total\":10},"
                + "\"metadata\":{\"source\":\"web\"}}";
    }

    @Test
    void publishAnswersTheEventInTheSeedsShape() {
        String aggregate = "http-" + UUID.randomUUID();
        Answer created = post("/api/v1/events", event(aggregate));
        assertThat(created.status(), is(Status.CREATED_201));
        Map<String, Object> e = created.body();
        assertThat(e.keySet(), is(Set.of("id", "type", "aggregate_id", "payload", "status", "retry_count",
                "created_at", "updated_at", "processed_at", "last_error", "metadata", "idempotency_key", "schema_version",
                "kafka_topic", "kafka_partition", "kafka_offset", "cancel_reason", "cancelled_by", "cancelled_at")));
        assertThat("a configured type starts at schema version 1", e.get("schema_version"), is(1));
        assertThat(e.get("payload"), is(Map.of("total", 10)));
        // PENDING, or PROCESSING when the relay took it on commit (direct delivery)
        assertThat(e.get("status"), Matchers.isOneOf("PENDING", "PROCESSING"));
        assertThat(e.get("retry_count"), is(0));
        assertThat(e.get("metadata"), is(Map.of("source", "web")));
        assertThat((String) e.get("created_at"), containsString("T"));
        assertThat(Instant.parse((String) e.get("created_at")), notNullValue());

        Answer fetched = Eventually.await(Duration.ofSeconds(30), "event PROCESSED",
                () -> get("/api/v1/events/" + e.get("id")), a -> "PROCESSED".equals(a.body().get("status")));
        assertThat(fetched.status(), is(Status.OK_200));
        assertThat(Instant.parse((String) fetched.body().get("processed_at")), notNullValue());
    }

    @Test
    void idempotencyKeyHeaderAnswers200WithTheFirstEvent() {
        String key = "http-key-" + UUID.randomUUID();
        Answer first = post("/api/v1/events", "application/json", event("idem"), Map.of("Idempotency-Key", key));
        Answer second = post("/api/v1/events", "application/json", event("idem"), Map.of("Idempotency-Key", key));
        assertThat(first.status(), is(Status.CREATED_201));
        assertThat(second.status(), is(Status.OK_200));
        assertThat(second.body().get("id"), is(first.body().get("id")));
        assertThat(second.body().get("idempotency_key"), is(key));
        Answer conflict = post("/api/v1/events", "application/json", event("another-aggregate"), Map.of("Idempotency-Key", key));
        assertThat(conflict.status(), is(Status.CONFLICT_409));
        assertThat(conflict.error().get("code"), is("ALREADY_EXISTS"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void batchListAndPaging() {
        String aggregate = "http-batch-" + UUID.randomUUID();
        Answer batch = post("/api/v1/events:batch",
                            "{\"events\":[" + event(aggregate) + "," + event(aggregate) + "," + event(aggregate) + "]}");
        assertThat(batch.status(), is(Status.CREATED_201));
        assertThat(((List<?>) batch.body().get("results")).size(), is(3));

        Answer page1 = get("/api/v1/events?aggregate_id=" + aggregate + "&page_size=2");
        List<Map<String, Object>> events1 = (List<Map<String, Object>>) page1.body().get("events");
        assertThat(events1.size(), is(2));
        String token = (String) page1.body().get("next_page_token");
        Answer page2 = get("/api/v1/events?aggregate_id=" + aggregate + "&page_size=2&page_token=" + token);
        assertThat(((List<?>) page2.body().get("events")).size(), is(1));
        assertThat(page2.body().get("next_page_token"), is(""));

        Answer invalid = post("/api/v1/events:batch", "{\"events\":[" + event(aggregate) + ",{\"type\":\"NOPE\",\"aggregate_id\":\"a\",\"payload\":{}}]}");
        assertThat(invalid.status(), is(Status.BAD_REQUEST_400));
        assertThat((String) invalid.error().get("message"), containsString("events[1].type"));
        assertThat(db.count("aggregate_id = '" + aggregate + "'"), is(3L));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "POST | /api/v1/events        | text/plain       | {}                                   | 415 | UNSUPPORTED_MEDIA_TYPE",
            "POST | /api/v1/events        | application/json | {\"type\":                           | 400 | INVALID_ARGUMENT",
            "POST | /api/v1/events        | application/json | []                                   | 400 | INVALID_ARGUMENT",
            "POST | /api/v1/events        | application/json | {\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"a\",\"payload\":[1]} | 400 | INVALID_ARGUMENT",
            "POST | /api/v1/events        | application/json | {\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"a\",\"payload\":{},\"extra\":1} | 400 | INVALID_ARGUMENT",
            "POST | /api/v1/events        | application/json | {\"type\":7,\"aggregate_id\":\"a\",\"payload\":{}} | 400 | INVALID_ARGUMENT",
            "POST | /api/v1/events:batch  | application/json | {\"events\":{}}                       | 400 | INVALID_ARGUMENT",
            "POST | /api/v1/events:retry-failed | application/json | {\"ids\":[\"x\"]}               | 400 | INVALID_ARGUMENT",
            "POST | /api/v1/events:process-pending | application/json | {\"limit\":-1}              | 400 | INVALID_ARGUMENT",
            "GET  | /api/v1/events/not-a-uuid |              |                                      | 400 | INVALID_ARGUMENT",
            "GET  | /api/v1/events/00000000-0000-7000-8000-000000000000 | |                        | 404 | NOT_FOUND",
            "GET  | /api/v1/events?colour=red |              |                                      | 400 | INVALID_ARGUMENT",
            "GET  | /api/v1/events?status=DONE |             |                                      | 400 | INVALID_ARGUMENT",
            "GET  | /api/v1/events?page_size=abc |           |                                      | 400 | INVALID_ARGUMENT",
            "GET  | /api/v1/events?page_size=5000 |          |                                      | 400 | INVALID_ARGUMENT",
            "GET  | /api/v1/events?page_token=bad |          |                                      | 400 | INVALID_ARGUMENT",
            "GET  | /api/v1/events?type=NOPE |               |                                      | 400 | INVALID_ARGUMENT"})
    void errorsHaveTheirStatusAndShape(String method, String path, String contentType, String body, int status, String code) {
        long before = db.count("true");
        Answer answer = method.equals("GET") ? get(path) : post(path, contentType, body == null ? "" : body, Map.of());
        assertThat(answer.status().code(), is(status));
        assertThat(answer.error().get("code"), is(code));
        assertThat((String) answer.error().get("message"), notNullValue());
        assertThat(db.count("true"), is(before));
    }

    @Test
    void oversizeBodyIs413() {
        String big = "{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"a\",\"payload\":{\"x\":\"" + "y".repeat(5000) + "\"}}";
        Answer answer = post("/api/v1/events", big);
        assertThat(answer.status(), is(Status.REQUEST_ENTITY_TOO_LARGE_413));
        assertThat(answer.error().get("code"), is("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void relayCommandsAnswerCounts() {
        Answer pending = post("/api/v1/events:process-pending", "{\"limit\":10}");
        assertThat(pending.status(), is(Status.OK_200));
        assertThat(pending.body().keySet(), is(Set.of("claimed", "published", "failed")));
        Answer retry = post("/api/v1/events:retry-failed", "application/json", "{}", Map.of());
        assertThat(retry.status(), is(Status.OK_200));
        assertThat(retry.body().get("requeued"), is(0));
    }

    @Test
    void metricsMoveWhenEventsArePublished() {
        double received = metric("events_received_total{scope=\"application\",type=\"PAYMENT_COMPLETED\",}");
        double published = metric("events_published_total{scope=\"application\",}");
        post("/api/v1/events", "{\"type\":\"PAYMENT_COMPLETED\",\"aggregate_id\":\"pay-1\",\"payload\":{\"amount\":5}}");
        assertThat(metric("events_received_total{scope=\"application\",type=\"PAYMENT_COMPLETED\",}"), is(received + 1));
        Eventually.await(Duration.ofSeconds(30), "events_published_total moves",
                         () -> metric("events_published_total{scope=\"application\",}") > published);
        String text = metricsText();
        assertThat(text, containsString("events_publish_latency_seconds_bucket"));
        assertThat(text, containsString("events_ingest_latency_seconds_bucket"));
        assertThat(text, containsString("events_relay_lag_seconds"));
        assertThat(text, containsString("events_relay_paced_passes_total"));
        assertThat(text, containsString("events_status{scope=\"application\",status=\"PENDING\",}"));
        assertThat(text, containsString("events_failed_total{kind=\"permanent\""));
    }

    /** Histograms as Prometheus defines them: buckets, no client-side quantiles (promtool check metrics). */
    @Test
    void theServicesLatenciesAreHistogramsWithoutQuantiles() {
        List<String> quantiles = metricsText().lines().filter(l -> l.startsWith("events_") && l.contains("quantile=")).toList();
        assertThat(quantiles, is(List.of()));
    }

    @Test
    void healthEndpoints() {
        assertThat(get("/health").status(), is(Status.OK_200));
        try (Http1ClientResponse live = http.get("/observe/health/live").request()) {
            assertThat(live.status().code(), greaterThan(199));
            assertThat(live.status().code() < 300, is(true));
        }
        try (Http1ClientResponse ready = http.get("/observe/health/ready").request()) {
            assertThat(ready.status().code() < 300, is(true));
            String body = ready.as(String.class);
            assertThat(body, containsString("postgresql"));
            assertThat(body, containsString("kafka"));
            assertThat(body, containsString("redis"));
            assertThat("no secrets in health", body.contains("password"), is(false));
        }
        assertThat(get("/health").body().get("error"), nullValue());
    }

    private String metricsText() {
        try (Http1ClientResponse response = http.get("/observe/metrics").header(HeaderNames.ACCEPT, "text/plain").request()) {
            return response.as(String.class);
        }
    }

    private double metric(String line) {
        for (String l : metricsText().split("\n")) {
            if (l.startsWith(line + " ")) {
                return Double.parseDouble(l.substring(line.length() + 1).trim());
            }
        }
        return 0;
    }
}
