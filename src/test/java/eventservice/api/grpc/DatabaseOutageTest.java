package eventservice.api.grpc;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.TcpProxy;
import eventservice.support.TestConfig;
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
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PostgreSQL unreachable (the service's connection to it cut) → UNAVAILABLE, then recovery by itself. */
@ServerTest
class DatabaseOutageTest {
    private static EventServiceApp app;
    private static TcpProxy proxy;

    private final WebServer server;

    DatabaseOutageTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        proxy = new TcpProxy(5432);
        Config config = TestConfig.forTest(DatabaseOutageTest.class, Map.of(
                "db.port", Integer.toString(proxy.port()), "db.host", "127.0.0.1",
                "db.pool.connectionTimeout", "1000", "relay.enabled", "false"));
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        proxy.close();
    }

    @Test
    void unreachableDatabaseIsUnavailableThenRecovers() {
        ManagedChannel channel = GrpcClients.channel(server.port());
        try {
            EventServiceBlockingStub events = GrpcClients.events(channel);
            String stored = events.publishEvent(EventRequests.request("outage-" + UUID.randomUUID()).build()).getEvent().getId();

            proxy.cut();
            StatusRuntimeException publish = assertThrows(StatusRuntimeException.class,
                    () -> events.publishEvent(EventRequests.request("during-outage").build()));
            assertThat(publish.getStatus().getCode(), is(Status.Code.UNAVAILABLE));
            assertThat(publish.getStatus().getDescription(), is("PostgreSQL is unavailable; retry later"));
            StatusRuntimeException get = assertThrows(StatusRuntimeException.class,
                    () -> events.getEvent(GetEventRequest.newBuilder().setId(stored).build()));
            assertThat(get.getStatus().getCode(), is(Status.Code.UNAVAILABLE));

            proxy.restore();
            Eventually.await(Duration.ofSeconds(30), "publish succeeds again", () -> {
                try {
                    events.publishEvent(EventRequests.request("after-outage").build());
                    return true;
                } catch (StatusRuntimeException e) {
                    return false;
                }
            });
            assertThat(events.getEvent(GetEventRequest.newBuilder().setId(stored).build()).getId(), is(stored));
        } finally {
            GrpcClients.close(channel);
        }
    }
}
