package eventservice.operate;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.api.grpc.v1.CancelEventsRequest;
import eventservice.api.grpc.v1.CancelEventsResponse;
import eventservice.api.grpc.v1.EventFilter;
import eventservice.api.grpc.v1.EventStatus;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.Tokens;
import eventservice.support.Topics;
import eventservice.support.TopicReader;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * CancelEvents against the real relay: a cancelled event is never sent and no longer holds back its
 * aggregate, keeps who, when and why; other events are refused per id with the reason; a cancel waits
 * for the relay's claim of an event and refuses it if sent; only the operate scope may cancel.
 */
@ServerTest
class CancelTest {
    private static final String TOPIC = TestConfig.topicFor(CancelTest.class);
    // Records over 1 KiB are refused by this topic: such an event FAILS, and waits out a long backoff.
    private static final String SMALL_TOPIC = TOPIC + ".small";
    private static final String OPS = "ops-token";
    private static final String READER = "reader-token";
    private static EventServiceApp app;
    private static String dbName;

    private final HttpCalls ops;
    private final HttpCalls reader;
    private final WebServer server;

    CancelTest(WebServer server, @Socket(Main.HTTP) Http1Client http) {
        this.server = server;
        this.ops = HttpCalls.of(http).as(OPS);
        this.reader = HttpCalls.of(http).as(READER);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        Config config = TestConfig.forTest(CancelTest.class, Map.of(
                "kafka.topics.PRODUCT_UPDATED", SMALL_TOPIC,
                "relay.backoff-initial", "PT1H",
                "relay.backoff-max", "PT1H",
                "security.auth-tokens", "ops:" + Tokens.sha256(OPS) + ":operate,read,publish:*;"
                        + "reader:" + Tokens.sha256(READER) + ":read,publish:*"));
        dbName = config.get("db.name").asString().get();
        Topics.refusingOver(1024, SMALL_TOPIC);
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private String publish(String type, String aggregate, String payload) {
        var answer = ops.post("/api/v1/events", "{\"type\":\"" + type + "\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":" + payload + "}");
        assertThat(answer.text(), answer.status(), is(201));
        return (String) answer.json().get("id");
    }

    /** An event its topic refuses: FAILED with retries left, it holds back its aggregate for an hour. */
    private String failing(String aggregate) {
        String id = publish("PRODUCT_UPDATED", aggregate, Topics.payloadOver(1024));
        awaitStatus(id, "FAILED");
        return id;
    }

    private Map<String, Object> awaitStatus(String id, String status) {
        return Eventually.await(Duration.ofSeconds(30), id + " " + status, () -> ops.get("/api/v1/events/" + id).json(),
                                e -> status.equals(e.get("status")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCancelledEventIsNeverSentAndNoLongerHoldsBackItsAggregate() {
        String blocker = failing("cart-1");
        String waiting = publish("PRODUCT_CREATED", "cart-1", "{\"n\":1}");
        String last = publish("PRODUCT_CREATED", "cart-1", "{\"n\":2}");
        assertThat(ops.get("/api/v1/events/" + waiting).json().get("status"), is("PENDING"));

        // The waiting event by a filter (PENDING of the aggregate), then the blocker by id.
        var byFilter = ops.post("/api/v1/events:cancel", "{\"filter\":{\"aggregate_id\":\"cart-1\",\"status\":\"PENDING\","
                + "\"event_type\":\"PRODUCT_CREATED\",\"created_after\":\"2020-01-01T00:00:00Z\"},\"reason\":\"stale\"}");
        assertThat(byFilter.text(), byFilter.status(), is(200));
        assertThat((List<String>) byFilter.json().get("cancelled"), contains(waiting, last));
        String again = publish("PRODUCT_CREATED", "cart-1", "{\"n\":3}");
        var byId = ops.post("/api/v1/events:cancel", "{\"ids\":[\"" + blocker + "\"],\"reason\":\"too large\"}");
        assertThat(byId.text(), (List<String>) byId.json().get("cancelled"), contains(blocker));
        assertThat((List<Object>) byId.json().get("refused"), empty());

        awaitStatus(again, "PROCESSED");  // the aggregate goes on
        Map<String, Object> cancelled = ops.get("/api/v1/events/" + blocker).json();
        assertThat(cancelled.get("status"), is("CANCELLED"));
        assertThat(cancelled.get("cancel_reason"), is("too large"));
        assertThat(cancelled.get("cancelled_by"), is("ops"));
        assertThat(cancelled.get("cancelled_at"), notNullValue());
        assertThat(ops.get("/api/v1/events/" + waiting).json().get("cancel_reason"), is("stale"));
        // The cancelled events were never sent: the aggregate's record on Kafka is only the last one.
        try (TopicReader topic = new TopicReader(TOPIC)) {
            var records = topic.readUntil(r -> r.stream().anyMatch(x -> again.equals(TopicReader.header(x, "event_id"))),
                                          Duration.ofSeconds(30));
            assertThat(records.stream().filter(r -> "cart-1".equals(r.key())).map(r -> TopicReader.header(r, "event_id")).toList(),
                       contains(again));
        }
        // listed by their status
        String listed = ops.get("/api/v1/events?status=CANCELLED&aggregate_id=cart-1").text();
        assertThat(listed, containsString(blocker));
        assertThat(listed, containsString(waiting));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventsNotPendingOrFailedAreRefusedWithTheReason() throws Exception {
        String processed = publish("ORDER_CREATED", "order-9", "{}");
        awaitStatus(processed, "PROCESSED");
        failing("cart-2");
        String sent = publish("PRODUCT_CREATED", "cart-2", "{}");  // PENDING behind the failed one
        String unknown = "0190a0b0-0000-7000-8000-000000000000";
        // The relay's claim holds an event by its row lock while it sends it: a cancel waits for the
        // claim, and refuses the event the claim then marked PROCESSED.
        try (Connection c = TestConfig.adminConnection(dbName); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT 1 FROM event_state WHERE seq = " + seqOf(sent) + " FOR UPDATE");
            CompletableFuture<HttpCalls.Answer> answer = CompletableFuture.supplyAsync(() -> ops.post(
                    "/api/v1/events:cancel", "{\"ids\":[\"" + processed + "\",\"" + unknown + "\",\"" + sent + "\"]}"));
            awaitLockWait();
            s.execute("UPDATE event_state SET status = 'PROCESSED', processed_at = now() WHERE seq = " + seqOf(sent));
            c.commit();
            HttpCalls.Answer refusal = answer.get(10, TimeUnit.SECONDS);
            assertThat(refusal.text(), refusal.status(), is(200));
            assertThat((List<Object>) refusal.json().get("cancelled"), empty());
            List<Map<String, Object>> refused = (List<Map<String, Object>>) refusal.json().get("refused");
            assertThat(refused.get(0), is(Map.of("id", processed, "reason", "is PROCESSED; only PENDING or FAILED events can be cancelled")));
            assertThat(refused.get(1), is(Map.of("id", unknown, "reason", "not found")));
            assertThat(refused.get(2), is(Map.of("id", sent, "reason", "is PROCESSED; only PENDING or FAILED events can be cancelled")));
        }
        // A claim that finds the event held back lets go of it unchanged: the cancel waiting for it goes on.
        String held = publish("PRODUCT_CREATED", "cart-2", "{}");
        try (Connection c = TestConfig.adminConnection(dbName); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT 1 FROM event_state WHERE seq = " + seqOf(held) + " FOR UPDATE");
            CompletableFuture<HttpCalls.Answer> answer = CompletableFuture.supplyAsync(() -> ops.post(
                    "/api/v1/events:cancel", "{\"filter\":{\"aggregate_id\":\"cart-2\",\"status\":\"PENDING\"}}"));
            awaitLockWait();
            c.rollback();
            assertThat((List<String>) answer.get(10, TimeUnit.SECONDS).json().get("cancelled"), contains(held));
        }
        assertThat(ops.get("/api/v1/events/" + processed).json().get("status"), is("PROCESSED"));
        assertThat(ops.get("/api/v1/events/" + held).json().get("status"), is("CANCELLED"));
    }

    private static long seqOf(String id) throws Exception {
        try (Connection c = TestConfig.adminConnection(dbName); Statement s = c.createStatement();
             var rows = s.executeQuery("SELECT seq FROM event_log WHERE id = '" + id + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Until a session of the service waits for a row lock in the test's database. */
    private static void awaitLockWait() {
        Eventually.await(Duration.ofSeconds(10), "the cancel waiting for the row lock", () -> {
            try (Connection c = TestConfig.adminConnection(dbName); Statement s = c.createStatement();
                 var rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                                   + " AND wait_event_type = 'Lock'")) {
                rows.next();
                return rows.getLong(1) > 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void badRequestsAndScopes() {
        assertThat(ops.post("/api/v1/events:cancel", "{}").message(), containsString("ids"));
        assertThat(ops.post("/api/v1/events:cancel", "{\"ids\":[\"x\"]}").status(), is(400));
        assertThat(ops.post("/api/v1/events:cancel", "{\"filter\":{}}").message(), containsString("filter"));
        assertThat(ops.post("/api/v1/events:cancel", "{\"filter\":{\"status\":\"PROCESSED\"}}").message(),
                   containsString("filter.status"));
        assertThat(ops.post("/api/v1/events:cancel", "{\"filter\":{\"created_after\":\"yesterday\"}}").message(),
                   containsString("filter.created_after"));
        assertThat(ops.post("/api/v1/events:cancel", "{\"filter\":{\"aggregate_id\":\"a\"},\"colour\":1}").message(),
                   containsString("colour"));
        assertThat(reader.post("/api/v1/events:cancel", "{\"filter\":{\"aggregate_id\":\"a\"}}").status(), is(403));
        assertThat(reader.as(null).post("/api/v1/events:cancel", "{\"filter\":{\"aggregate_id\":\"a\"}}").status(), is(401));
    }

    @Test
    void overGrpc() {
        ManagedChannel channel = GrpcClients.channel(server.port());
        try {
            failing("cart-3");
            String held = publish("PRODUCT_CREATED", "cart-3", "{}");
            CancelEventsResponse answer = GrpcClients.events(channel, OPS).cancelEvents(CancelEventsRequest.newBuilder()
                    .setFilter(EventFilter.newBuilder().setAggregateId("cart-3").setStatus(EventStatus.EVENT_STATUS_PENDING))
                    .setReason("by grpc").build());
            assertThat(answer.getCancelledList(), contains(held));
            var event = GrpcClients.events(channel, OPS).getEvent(GetEventRequest.newBuilder().setId(held).build());
            assertThat(event.getStatus(), is(EventStatus.EVENT_STATUS_CANCELLED));
            assertThat(event.getCancelReason(), is("by grpc"));
            assertThat(event.getCancelledBy(), is("ops"));
            assertThat(event.hasCancelledAt(), is(true));
            StatusRuntimeException denied = assertThrows(StatusRuntimeException.class, () -> GrpcClients.events(channel, READER)
                    .cancelEvents(CancelEventsRequest.newBuilder().addIds(held).build()));
            assertThat(denied.getStatus().getCode(), is(Status.Code.PERMISSION_DENIED));
            StatusRuntimeException invalid = assertThrows(StatusRuntimeException.class, () -> GrpcClients.events(channel, OPS)
                    .cancelEvents(CancelEventsRequest.getDefaultInstance()));
            assertThat(invalid.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
            assertThat(invalid.getStatus().getDescription(), not(containsString("Exception")));
        } finally {
            GrpcClients.close(channel);
        }
    }
}
