package eventservice;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.helidon.config.Config;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** The real server on random ports, against the machine's PostgreSQL and the project's Kafka. */
@ServerTest
class ServerStartTest {
    private static EventServiceApp app;

    private final WebServer server;
    private final Http1Client http;

    ServerStartTest(WebServer server, @Socket(Main.HTTP) Http1Client http) {
        this.server = server;
        this.http = http;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(ServerStartTest.class);
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void healthShowsPostgresAndKafkaUp() {
        try (Http1ClientResponse response = http.get("/health").request()) {
            assertThat(response.status(), is(Status.OK_200));
            @SuppressWarnings("unchecked")
            Map<String, Object> body = response.as(Map.class);
            assertThat(body.get("status"), is("UP"));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) body.get("components");
            assertThat(components.get("postgresql").get("status"), is("UP"));
            assertThat(components.get("kafka").get("status"), is("UP"));
        }
    }

    @Test
    void grpcHealthIsServing() {
        ManagedChannel channel = GrpcClients.channel(server.port());
        try {
            var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            for (String service : List.of("", "events.v1.EventService")) {
                HealthCheckResponse response = health.check(HealthCheckRequest.newBuilder().setService(service).build());
                assertThat("health of '" + service + "'", response.getStatus(), is(HealthCheckResponse.ServingStatus.SERVING));
            }
        } finally {
            GrpcClients.close(channel);
        }
    }

    @Test
    void reflectionListsTheEventService() throws InterruptedException {
        ManagedChannel channel = GrpcClients.channel(server.port());
        try {
            BlockingQueue<Object> answers = new ArrayBlockingQueue<>(4);
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            answers.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            answers.add(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
            Object answer = answers.poll(10, TimeUnit.SECONDS);
            requests.onCompleted();
            if (!(answer instanceof ServerReflectionResponse response)) {
                throw new AssertionError("no reflection answer: " + answer);
            }
            List<String> names = response.getListServicesResponse().getServiceList().stream()
                    .map(ServiceResponse::getName).toList();
            assertThat(names, hasItem("events.v1.EventService"));
        } finally {
            GrpcClients.close(channel);
        }
    }

    @Test
    void observeEndpointsAreOnTheHttpPort() {
        try (Http1ClientResponse response = http.get("/observe/health").request()) {
            assertThat(response.status(), is(Status.OK_200));
        }
    }
}
