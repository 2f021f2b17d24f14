package eventservice.operate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.Eventually;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.Topics;
import eventservice.support.TopicReader;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * What the console reads: an event's Kafka record as the relay sends it, the overview, pages by
 * time, and retry of FAILED events by a filter.
 */
@ServerTest
class ConsoleApiTest {
    private static final String TOPIC = TestConfig.topicFor(ConsoleApiTest.class);
    private static final String SMALL_TOPIC = TOPIC + ".small";
    private static EventServiceApp app;

    private final HttpCalls http;

    ConsoleApiTest(@Socket(Main.HTTP) Http1Client http) {
        this.http = HttpCalls.of(http);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        Config config = TestConfig.forTest(ConsoleApiTest.class, Map.of(
                "kafka.topics.PRODUCT_UPDATED", SMALL_TOPIC,
                "relay.backoff-initial", "PT1H",
                "relay.backoff-max", "PT1H"));
        Topics.refusingOver(1024, SMALL_TOPIC);
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private String publish(String type, String aggregate, String payload) {
        var answer = http.post("/api/v1/events", "{\"type\":\"" + type + "\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":"
                + payload + ",\"metadata\":{\"trace\":\"abc\"}}");
        assertThat(answer.text(), answer.status(), is(201));
        return (String) answer.json().get("id");
    }

    private String failing(String aggregate) {
        String id = publish("PRODUCT_UPDATED", aggregate, Topics.payloadOver(1024));
        Eventually.await(Duration.ofSeconds(30), id + " FAILED", () -> http.get("/api/v1/events/" + id).json(),
                         e -> "FAILED".equals(e.get("status")));
        return id;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRecordOfAnEventIsWhatAConsumerReads() {
        String id = publish("ORDER_CREATED", "rec-1", "{ \"total\" : 1.50, \"items\": [1, 2] }");
        Eventually.await(Duration.ofSeconds(30), "processed", () -> http.get("/api/v1/events/" + id).json(),
                         e -> "PROCESSED".equals(e.get("status")));
        var answer = http.get("/api/v1/events/" + id + "/record");
        assertThat(answer.text(), answer.status(), is(200));
        Map<String, Object> record = answer.json();
        try (TopicReader reader = new TopicReader(TOPIC)) {
            var sent = reader.readUntil(r -> r.stream().anyMatch(x -> id.equals(TopicReader.header(x, "event_id"))), Duration.ofSeconds(30))
                    .stream().filter(x -> id.equals(TopicReader.header(x, "event_id"))).findFirst().orElseThrow();
            assertThat(record.get("topic"), is(sent.topic()));
            assertThat(record.get("key"), is(sent.key()));
            assertThat(record.get("headers"), is(TopicReader.headers(sent)));
            // the value is the payload JSON itself, byte for byte
            assertThat(answer.text(), containsString("\"value\":" + new String(sent.value())));
        }
        assertThat(((Map<String, Object>) record.get("headers")).get("trace"), is("abc"));
        assertThat(http.get("/api/v1/events/0190a0b0-0000-7000-8000-000000000000/record").status(), is(404));
        assertThat(http.get("/api/v1/events/nope/record").status(), is(400));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOverviewCountsAndListsTheLatestFailures() {
        String ok = publish("ORDER_CREATED", "ov-1", "{}");
        Eventually.await(Duration.ofSeconds(30), "processed", () -> http.get("/api/v1/events/" + ok).json(),
                         e -> "PROCESSED".equals(e.get("status")));
        String failed = failing("ov-2");
        var answer = http.get("/api/v1/overview");
        assertThat(answer.text(), answer.status(), is(200));
        Map<String, Object> overview = answer.json();
        Map<String, Object> counts = (Map<String, Object>) overview.get("counts");
        assertThat(counts.keySet(), is(java.util.Set.of("PENDING", "PROCESSING", "PROCESSED", "FAILED", "CANCELLED")));
        assertThat(((Number) counts.get("PROCESSED")).intValue(), greaterThanOrEqualTo(1));
        assertThat(((Number) counts.get("FAILED")).intValue(), greaterThanOrEqualTo(1));
        assertThat(overview.get("processed_estimated"), is(false));
        Map<String, Object> rates = (Map<String, Object>) overview.get("rates");
        List<Number> published = (List<Number>) rates.get("published_per_minute");
        assertThat(published, hasSize(10));
        assertThat(published.stream().mapToLong(Number::longValue).sum(), greaterThanOrEqualTo(2L));
        assertThat((List<Number>) rates.get("acknowledged_per_minute"), hasSize(10));
        Map<String, Object> dependencies = (Map<String, Object>) overview.get("dependencies");
        assertThat(dependencies.get("postgresql"), is("UP"));
        assertThat(dependencies.get("kafka"), is("UP"));
        assertThat(List.of("UP", "DISABLED").contains(dependencies.get("redis")), is(true));
        List<Map<String, Object>> failures = (List<Map<String, Object>>) overview.get("latest_failures");
        Map<String, Object> first = failures.stream().filter(f -> failed.equals(f.get("id"))).findFirst().orElseThrow();
        assertThat(first.get("event_type"), is("PRODUCT_UPDATED"));
        assertThat(first.get("aggregate_id"), is("ov-2"));
        assertThat((String) first.get("last_error"), containsString("RecordTooLarge"));
        assertThat(first.get("attempts"), is(1));
        assertThat(first.get("next_attempt_at") != null, is(true));
        assertThat(((Number) overview.get("relay_lag_seconds")).doubleValue(), greaterThanOrEqualTo(0.0));
        assertThat(http.get("/api/v1/overview?x=1").status(), is(400));
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagesByTimeAndRetryByFilter() {
        Instant before = Instant.now();
        String early = publish("ORDER_CREATED", "time-1", "{}");
        Instant between = Eventually.await(Duration.ofSeconds(5), "the clock moves", Instant::now, t -> t.isAfter(before.plusMillis(20)));
        String late = publish("ORDER_CREATED", "time-1", "{}");
        String page = http.get("/api/v1/events?aggregate_id=time-1&created_after=" + between).text();
        assertThat(page, containsString(late));
        assertThat(page, not(containsString(early)));
        String earlier = http.get("/api/v1/events?aggregate_id=time-1&created_before=" + between).text();
        assertThat(earlier, containsString(early));
        assertThat(earlier, not(containsString(late)));
        assertThat(http.get("/api/v1/events?created_after=yesterday").message(), containsString("created_after"));

        failing("retry-1");
        var none = http.post("/api/v1/events:retry-failed", "{\"filter\":{\"aggregate_id\":\"no-such\"},\"include_exhausted\":true}");
        assertThat(none.text(), none.json().get("requeued"), is(0));
        var one = http.post("/api/v1/events:retry-failed", "{\"filter\":{\"aggregate_id\":\"retry-1\",\"event_type\":\"PRODUCT_UPDATED\"}}");
        assertThat(one.text(), one.json().get("requeued"), is(1));
        assertThat(http.post("/api/v1/events:retry-failed", "{\"filter\":{\"status\":\"FAILED\"}}").status(), is(400));
    }
}
