package eventservice.api.grpc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.EventPage;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.EventStatus;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.GetEventsByTypeRequest;
import eventservice.api.grpc.v1.ListEventsRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;
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

import static eventservice.api.grpc.EventRequests.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * GetEvent, ListEvents and GetEventsByType through a real gRPC client, against the real PostgreSQL:
 * filters, errors, and paging that sees every event once while others are inserted.
 */
@ServerTest
class GrpcQueryTest {
    private static EventServiceApp app;
    private static TestDb db;

    private final ManagedChannel channel;
    private final EventServiceBlockingStub events;

    GrpcQueryTest(WebServer server) {
        channel = GrpcClients.channel(server.port());
        events = GrpcClients.events(channel);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        // The relay is off here so that statuses stay as stored; the relay tests cover publishing.
        Config config = TestConfig.forTest(GrpcQueryTest.class, Map.of("relay.enabled", "false"));
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
    void getEventErrors() {
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> events.getEvent(GetEventRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
        assertThat(missing.getStatus().getCode(), is(Status.Code.NOT_FOUND));
        StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class,
                () -> events.getEvent(GetEventRequest.newBuilder().setId("not-a-uuid' OR 1=1 --").build()));
        assertThat(malformed.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(malformed.getStatus().getDescription(), is("id: must be a UUID"));
    }

    @Test
    void queriesFilterByTypeStatusAndAggregate() {
        String aggregate = "query-" + UUID.randomUUID();
        events.publishEvent(request(aggregate).setType("PAYMENT_COMPLETED").build());
        events.publishEvent(request(aggregate).setType("PAYMENT_FAILED").build());
        events.publishEvent(request(aggregate).setType("PAYMENT_FAILED").build());

        EventPage failed = events.getEventsByType(GetEventsByTypeRequest.newBuilder().setType("PAYMENT_FAILED")
                .setStatus(EventStatus.EVENT_STATUS_PENDING).build());
        assertThat(failed.getEventsList().stream().filter(e -> e.getAggregateId().equals(aggregate)).count(), is(2L));
        assertThat(failed.getEventsList().stream().allMatch(e -> e.getType().equals("PAYMENT_FAILED")), is(true));

        EventPage byAggregate = events.listEvents(ListEventsRequest.newBuilder().setAggregateId(aggregate).build());
        assertThat(byAggregate.getEventsCount(), is(3));
        assertThat(byAggregate.getNextPageToken(), is(""));
        assertThat(byAggregate.getEvents(0).getType(), is("PAYMENT_COMPLETED"));

        EventPage none = events.listEvents(ListEventsRequest.newBuilder().setAggregateId(aggregate)
                .setStatus(EventStatus.EVENT_STATUS_PROCESSED).build());
        assertThat(none.getEventsCount(), is(0));
    }

    @Test
    void badQueriesAreInvalidArguments() {
        List<Runnable> bad = List.of(
                () -> events.getEventsByType(GetEventsByTypeRequest.newBuilder().setType("NOPE").build()),
                () -> events.getEventsByType(GetEventsByTypeRequest.getDefaultInstance()),
                () -> events.listEvents(ListEventsRequest.newBuilder().setPageSize(1001).build()),
                () -> events.listEvents(ListEventsRequest.newBuilder().setPageSize(-1).build()),
                () -> events.listEvents(ListEventsRequest.newBuilder().setPageToken("garbage").build()),
                () -> events.listEvents(ListEventsRequest.newBuilder().setStatusValue(99).build()));
        for (Runnable call : bad) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
            assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
            assertThat(e.getStatus().getDescription(), not(containsString("Exception")));
        }
    }

    @Test
    void pagingWhileInsertingSeesEveryEventOnce() throws Exception {
        String aggregatePrefix = "paging-" + UUID.randomUUID() + "-";
        Set<String> stored = new HashSet<>();
        for (int b = 0; b < 5; b++) {
            PublishEventsRequest.Builder batch = PublishEventsRequest.newBuilder();
            for (int i = 0; i < 500; i++) {
                batch.addEvents(request(aggregatePrefix + (b * 500 + i)).setType("CART_UPDATED"));
            }
            events.publishEvents(batch.build()).getResultsList().forEach(r -> stored.add(r.getEvent().getId()));
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        List<String> seen = new ArrayList<>();
        try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
            Future<Integer> inserted = writer.submit(() -> {
                int n = 0;
                while (paging.get()) {
                    events.publishEvent(request(aggregatePrefix + "late-" + n).setType("CART_UPDATED").build());
                    n++;
                }
                return n;
            });
            String token = "";
            long lastSeq = -1;
            do {
                EventPage page = events.getEventsByType(GetEventsByTypeRequest.newBuilder()
                        .setType("CART_UPDATED").setPageSize(100).setPageToken(token).build());
                page.getEventsList().forEach(e -> seen.add(e.getId()));
                token = page.getNextPageToken();
            } while (!token.isEmpty());
            paging.set(false);
            assertThat(inserted.get(), greaterThan(0));
        }
        assertThat("no event seen twice", new HashSet<>(seen).size(), is(seen.size()));
        assertThat("every stored event seen", new HashSet<>(seen).containsAll(stored), is(true));
    }
}
