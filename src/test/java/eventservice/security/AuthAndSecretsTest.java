package eventservice.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import eventservice.api.grpc.v1.ListEventsRequest;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.support.GrpcClients;
import eventservice.support.ServiceProcess;
import eventservice.support.TestConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AUTH_TOKEN guards writes and relay commands on both doors; no secret reaches logs or health. */
class AuthAndSecretsTest {
    private static final String TOKEN = "tok-3f9a1c77e2";
    private static final String DB_PASSWORD = "pw-db-81d2c4";
    private static final String REDIS_PASSWORD = "pw-redis-5b0e93";

    @Test
    void writesNeedTheTokenAndSecretsStayOut() throws Exception {
        String database = TestConfig.database("auth");
        TestConfig.dropDatabase(database);
        try (ServiceProcess service = ServiceProcess.start(Map.of(
                "AUTH_TOKEN", TOKEN, "DB_PASSWORD", DB_PASSWORD, "REDIS_PASSWORD", REDIS_PASSWORD, "LOG_LEVEL", "debug",
                "DB_NAME", database, "KAFKA_TOPIC", TestConfig.topicFor(AuthAndSecretsTest.class)))) {
            service.awaitHealthy(Duration.ofSeconds(60));
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"type\":\"USER_CREATED\",\"aggregate_id\":\"u-1\",\"payload\":{}}";
            URI events = URI.create("http://127.0.0.1:" + service.httpPort + "/api/v1/events");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(events).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode(), is(401));
            assertThat(anonymous.body(), containsString("UNAUTHENTICATED"));
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(events).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer nope").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode(), is(401));
            HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(events).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode(), is(201));
            assertThat("reads stay open", http.send(HttpRequest.newBuilder(events).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), is(200));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.httpPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());

            ManagedChannel channel = GrpcClients.channel(service.grpcPort);
            try {
                var stub = GrpcClients.events(channel);
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.publishEvent(
                        PublishEventRequest.newBuilder().setType("USER_CREATED").setAggregateId("u").setPayload("{}").build()));
                assertThat(e.getStatus().getCode(), is(Status.Code.UNAUTHENTICATED));
                Metadata auth = new Metadata();
                auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
                var authorized = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
                assertThat(authorized.publishEvent(PublishEventRequest.newBuilder().setType("USER_CREATED")
                        .setAggregateId("u").setPayload("{}").build()).getDuplicate(), is(false));
                assertThat(stub.listEvents(ListEventsRequest.getDefaultInstance()).getEventsCount(), is(2));
            } finally {
                GrpcClients.close(channel);
            }
            assertThat(service.terminate(Duration.ofSeconds(10)), is(0));
            for (String secret : new String[] {TOKEN, DB_PASSWORD, REDIS_PASSWORD}) {
                assertThat("log", service.output(), not(containsString(secret)));
                assertThat("health", health.body(), not(containsString(secret)));
            }
        }
    }
}
