package eventservice.api.grpc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.Event;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.EventStatus;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventResponse;
import eventservice.api.grpc.v1.PublishEventsRequest;
import eventservice.api.grpc.v1.PublishEventsResponse;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static eventservice.api.grpc.EventRequests.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * PublishEvent and PublishEvents through a real gRPC client, against the real PostgreSQL: what is
 * stored, what is refused (and then nothing is stored), batches whole or not at all, idempotency keys.
 */
@ServerTest
class GrpcPublishTest {
    private static EventServiceApp app;
    private static TestDb db;

    private final ManagedChannel channel;
    private final EventServiceBlockingStub events;

    GrpcPublishTest(WebServer server) {
        channel = GrpcClients.channel(server.port());
        events = GrpcClients.events(channel);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        // The relay is off here so that statuses stay as stored; the relay tests cover publishing.
        Config config = TestConfig.forTest(GrpcPublishTest.class, Map.of("relay.enabled", "false"));
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void closeChannel() {
        GrpcClients.close(channel);
    }

    @Test
    void publishStoresPendingAndGetReturnsIt() {
        String aggregate = "order-" + UUID.randomUUID();
        PublishEventResponse response = events.publishEvent(request(aggregate).build());
        Event event = response.getEvent();
        assertThat(response.getDuplicate(), is(false));
        assertThat(UUID.fromString(event.getId()).version(), is(7));
        assertThat(event.getStatus(), is(EventStatus.EVENT_STATUS_PENDING));
        assertThat(event.getType(), is("ORDER_CREATED"));
        assertThat(event.getAggregateId(), is(aggregate));
        assertThat(event.getRetryCount(), is(0));
        assertThat(event.getMetadataMap(), is(Map.of("source", "checkout")));
        assertThat(event.getCreatedAt().getSeconds(), greaterThan(0L));
        assertThat(event.hasProcessedAt(), is(false));

        Event fetched = events.getEvent(GetEventRequest.newBuilder().setId(event.getId()).build());
        assertThat(fetched, is(event));
        assertThat(db.count("id = '" + event.getId() + "' AND status = 'PENDING'"), is(1L));
    }

    static Stream<Arguments> invalidEvents() {
        String big = "{\"a\":\"" + "x".repeat(1024 * 1024) + "\"}";
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        return Stream.of(
                Arguments.of("no type", request("a").clearType(), "type: must not be empty"),
                Arguments.of("unknown type", request("a").setType("ORDER_EXPLODED"), "type: unknown event type"),
                Arguments.of("no aggregate", request("").clearAggregateId(), "aggregate_id: must not be empty"),
                Arguments.of("blank aggregate", request("   "), "aggregate_id: must not be empty"),
                Arguments.of("long aggregate", request("a".repeat(256)), "aggregate_id: must be at most 255"),
                Arguments.of("control char", request("a\u0001b").setPayload("{}"), "aggregate_id: must not contain control characters"),
                Arguments.of("no payload", request("a").clearPayload(), "payload: must not be empty"),
                Arguments.of("payload not JSON", request("a").setPayload("{not json"), "payload: must be valid JSON"),
                Arguments.of("payload array", request("a").setPayload("[1,2]"), "payload: must be a JSON object"),
                Arguments.of("payload string", request("a").setPayload("\"x\""), "payload: must be a JSON object"),
                Arguments.of("payload too big", request("a").setPayload(big), "payload: must be at most 1048576 bytes"),
                Arguments.of("payload too deep", request("a").setPayload(deep), "payload: is nested deeper than"),
                Arguments.of("payload with NUL", request("a").setPayload("{\"a\":\"\\u0000\"}"), "payload/a: must not contain NUL"),
                Arguments.of("bad metadata key", request("a").putMetadata("bad key!", "v"), "metadata: keys must be"),
                Arguments.of("too much metadata", manyMetadata(33), "metadata: must have at most 32 entries"),
                Arguments.of("long idempotency key", request("a").setIdempotencyKey("k".repeat(256)),
                             "idempotency_key: must be at most 255"));
    }

    private static PublishEventRequest.Builder manyMetadata(int n) {
        PublishEventRequest.Builder b = request("a");
        for (int i = 0; i < n; i++) {
            b.putMetadata("k" + i, "v");
        }
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void invalidEventsAreRefusedAndNothingIsStored(String name, PublishEventRequest.Builder request, String message) {
        long before = db.count("true");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> events.publishEvent(request.build()));
        assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(e.getStatus().getDescription(), startsWith(message));
        assertThat(db.count("true"), is(before));
    }

    @Test
    void aBatchIsStoredWhole() {
        String aggregate = "batch-" + UUID.randomUUID();
        PublishEventsRequest.Builder batch = PublishEventsRequest.newBuilder();
        for (int i = 0; i < 5; i++) {
            batch.addEvents(request(aggregate).setPayload("{\"n\":" + i + "}"));
        }
        PublishEventsResponse response = events.publishEvents(batch.build());
        assertThat(response.getResultsCount(), is(5));
        for (int i = 0; i < 5; i++) {
            assertThat(response.getResults(i).getEvent().getPayload(), is("{\"n\":" + i + "}"));  // as sent
        }
        assertThat(db.count("aggregate_id = '" + aggregate + "'"), is(5L));
    }

    @Test
    void oneInvalidEventStoresNoneAndIsNamedByIndex() {
        String aggregate = "atomic-" + UUID.randomUUID();
        PublishEventsRequest batch = PublishEventsRequest.newBuilder()
                .addEvents(request(aggregate))
                .addEvents(request(aggregate))
                .addEvents(request(aggregate).setPayload("[]"))
                .build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> events.publishEvents(batch));
        assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(e.getStatus().getDescription(), is("events[2].payload: must be a JSON object"));
        assertThat(db.count("aggregate_id = '" + aggregate + "'"), is(0L));
    }

    @Test
    void aBatchReusingAKeyForAnotherEventStoresNothing() {
        String key = "key-" + UUID.randomUUID();
        events.publishEvent(request("first").setIdempotencyKey(key).build());
        String aggregate = "conflict-" + UUID.randomUUID();
        PublishEventsRequest batch = PublishEventsRequest.newBuilder()
                .addEvents(request(aggregate))
                .addEvents(request(aggregate).setIdempotencyKey(key))
                .build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> events.publishEvents(batch));
        assertThat(e.getStatus().getCode(), is(Status.Code.ALREADY_EXISTS));
        assertThat(db.count("aggregate_id = '" + aggregate + "'"), is(0L));
    }

    @Test
    void batchesAreBounded() {
        PublishEventsRequest.Builder batch = PublishEventsRequest.newBuilder();
        for (int i = 0; i < 1001; i++) {
            batch.addEvents(request("too-many"));
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> events.publishEvents(batch.build()));
        assertThat(e.getStatus().getDescription(), is("events: must hold at most 1000 events"));
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                () -> events.publishEvents(PublishEventsRequest.getDefaultInstance()));
        assertThat(empty.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void twentyConcurrentRepeatsOfOneKeyStoreOneEvent() throws Exception {
        String key = "idem-" + UUID.randomUUID();
        PublishEventRequest repeat = request("idem-order").setIdempotencyKey(key).build();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PublishEventResponse>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit((Callable<PublishEventResponse>) () -> {
                    start.await();
                    return events.publishEvent(repeat);
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            int fresh = 0;
            for (Future<PublishEventResponse> answer : answers) {
                ids.add(answer.get().getEvent().getId());
                fresh += answer.get().getDuplicate() ? 0 : 1;
            }
            assertThat(ids.size(), is(1));
            assertThat(fresh, is(1));
        }
        assertThat(db.count("idempotency_key = '" + key + "'"), is(1L));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> events.publishEvent(request("idem-order").setIdempotencyKey(key).setPayload("{\"other\":1}").build()));
        assertThat(e.getStatus().getCode(), is(Status.Code.ALREADY_EXISTS));
        // Consumers receive the payload's text as sent, so the same JSON spaced differently is another event.
        StatusRuntimeException spaced = assertThrows(StatusRuntimeException.class,
                () -> events.publishEvent(request("idem-order").setIdempotencyKey(key)
                        .setPayload("{ \"order_id\" : \"idem-order\", \"total\" : 42.5 }").build()));
        assertThat(spaced.getStatus().getCode(), is(Status.Code.ALREADY_EXISTS));
        PublishEventResponse again = events.publishEvent(request("idem-order").setIdempotencyKey(key).build());
        assertThat(again.getDuplicate(), is(true));
    }
}
