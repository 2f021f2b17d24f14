package eventservice.relay;

import java.time.Duration;
import java.util.Map;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.ProcessPendingEventsRequest;
import eventservice.api.grpc.v1.ProcessPendingEventsResponse;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.RetryFailedEventsRequest;
import eventservice.api.grpc.v1.RetryFailedEventsResponse;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import eventservice.support.Topics;
import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * A per-record failure (a record over the topic's max.message.bytes) spends the retries and stays
 * FAILED; RetryFailedEvents re-queues it; the relay commands report honest counts.
 */
@ServerTest
class RelayRetryTest {
    private static final String SMALL_TOPIC = TestConfig.topicFor(RelayRetryTest.class) + ".small";
    private static EventServiceApp app;
    private static TestDb db;

    private final WebServer server;

    RelayRetryTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        Config config = TestConfig.forTest(RelayRetryTest.class, Map.of(
                "kafka.topics.PRODUCT_UPDATED", SMALL_TOPIC,
                "relay.backoff-initial", "PT0.05S",
                "relay.backoff-max", "PT0.2S"));
        db = new TestDb(config.get("db.name").asString().get());
        Topics.refusingOver(1024, SMALL_TOPIC);
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aRecordTooLargeFailsThreeTimesThenStaysFailedUntilRetried() throws Exception {
        ManagedChannel channel = GrpcClients.channel(server.port());
        try {
            EventServiceBlockingStub events = GrpcClients.events(channel);
            String id = events.publishEvent(PublishEventRequest.newBuilder()
                    .setType("PRODUCT_UPDATED").setAggregateId("product-1")
                    .setPayload(Topics.payloadOver(1024)).build()).getEvent().getId();

            var failed = Eventually.await(Duration.ofSeconds(30), "event FAILED for good",
                    () -> events.getEvent(GetEventRequest.newBuilder().setId(id).build()),
                    e -> e.getRetryCount() == 3);
            assertThat(failed.getStatus().name(), is("EVENT_STATUS_FAILED"));
            assertThat(failed.getLastError(), containsString("RecordTooLarge"));
            // Exhausted: no pass takes it again by itself, and a plain retry leaves it alone.
            ProcessPendingEventsResponse pass = events.processPendingEvents(ProcessPendingEventsRequest.getDefaultInstance());
            assertThat(pass.getClaimed(), is(0));
            RetryFailedEventsResponse plain = events.retryFailedEvents(RetryFailedEventsRequest.getDefaultInstance());
            assertThat(plain.getRequeued(), is(0));
            assertThat(events.getEvent(GetEventRequest.newBuilder().setId(id).build()).getRetryCount(), is(3));

            // With include_exhausted it is tried again (and fails again: the topic still refuses it).
            RetryFailedEventsResponse again = events.retryFailedEvents(
                    RetryFailedEventsRequest.newBuilder().setIncludeExhausted(true).build());
            assertThat(again.getRequeued(), is(1));
            assertThat(again.getFailed() + again.getPublished(), is(again.getFailed()));

            // The operator fixes the topic; retrying that event by id now delivers it.
            Topics.acceptingUpTo(1024 * 1024, SMALL_TOPIC);
            Eventually.await(Duration.ofSeconds(30), "event delivered after the fix", () -> {
                if (db.count("id = '" + id + "' AND status = 'PROCESSED'") == 1) {
                    return true;
                }
                events.retryFailedEvents(RetryFailedEventsRequest.newBuilder().addIds(id).build());
                return db.count("id = '" + id + "' AND status = 'PROCESSED'") == 1;
            });
        } finally {
            GrpcClients.close(channel);
        }
    }
}
