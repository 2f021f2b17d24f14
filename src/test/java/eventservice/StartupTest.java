package eventservice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import eventservice.support.GrpcClients;
import eventservice.support.ServiceProcess;
import eventservice.support.TestConfig;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The service as an operator starts it: a process configured by the seed's environment variables. */
class StartupTest {

    @Test
    void environmentOverridesTakeEffectAndSigtermStopsCleanly() throws Exception {
        String database = TestConfig.database("startup_env");
        TestConfig.dropDatabase(database);
        int http = ServiceProcess.freePort();
        int grpc = ServiceProcess.freePort();
        try (ServiceProcess service = ServiceProcess.start(Map.of(
                "PORT", Integer.toString(http), "GRPC_PORT", Integer.toString(grpc), "DB_NAME", database,
                "KAFKA_TOPIC", TestConfig.topicFor(StartupTest.class)))) {
            service.awaitHealthy(Duration.ofSeconds(60));

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body(), containsString("\"status\":\"UP\""));

            ManagedChannel channel = GrpcClients.channel(grpc);
            try {
                var status = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus();
                assertThat(status, is(HealthCheckResponse.ServingStatus.SERVING));
            } finally {
                GrpcClients.close(channel);
            }
            // DB_NAME named a database that did not exist: the service created and migrated it.
            try (Connection c = TestConfig.adminConnection(database); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                assertThat(rs.getLong(1), is(0L));
            }

            long started = System.nanoTime();
            assertThat("exit code after SIGTERM", service.terminate(Duration.ofSeconds(10)), is(0));
            assertThat(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, is(true));
        }
    }

    @Test
    void aWrongValueStopsStartUpWithOneClearLine() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of("PORT", "abc"))) {
            assertThat(service.awaitExit(Duration.ofSeconds(30)), is(2));
            String output = service.output().strip();
            assertThat(output, containsString("invalid configuration: PORT=abc: must be a whole number"));
            assertThat("no stack trace", output, not(containsString("\tat ")));
        }
        try (ServiceProcess service = ServiceProcess.start(Map.of("DB_PORT", "-1"))) {
            assertThat(service.awaitExit(Duration.ofSeconds(30)), is(2));
            assertThat(service.output(), containsString("DB_PORT=-1"));
        }
        // Keys without a variable are set with -D; they are checked the same way.
        try (ServiceProcess service = ServiceProcess.start(Map.of("DB_NAME", TestConfig.database("startup_env")),
                                                           List.of("relay.workers=0"))) {
            assertThat(service.awaitExit(Duration.ofSeconds(30)), is(2));
            String output = service.output().strip();
            assertThat(output, containsString("invalid configuration: relay.workers=0: must be a whole number of at least 1"));
            assertThat("no stack trace", output, not(containsString("\tat ")));
        }
    }

    @Test
    void aWrongTokenEntryStopsStartUpWithOneLineNamingIt() throws Exception {
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        try (ServiceProcess service = ServiceProcess.start(Map.of("DB_NAME", TestConfig.database("startup_env"),
                "AUTH_TOKENS", "orders:" + hash + ":publish:ORDER_*;ops:" + hash.substring(1) + ":operate"))) {
            assertThat(service.awaitExit(Duration.ofSeconds(30)), is(2));
            String output = service.output().strip();
            assertThat(output, containsString("invalid configuration: AUTH_TOKENS entry 2.sha256: must be the token's SHA-256 as 64 hex digits"));
            assertThat("no stack trace", output, not(containsString("\tat ")));
        }
        try (ServiceProcess service = ServiceProcess.start(Map.of("DB_NAME", TestConfig.database("startup_env")),
                                                           List.of("events.types.0=ORDER CREATED"))) {
            assertThat(service.awaitExit(Duration.ofSeconds(30)), is(2));
            assertThat(service.output(), containsString("invalid configuration: events.types: 'ORDER CREATED' must be 1-128 letters"));
        }
    }

    @Test
    void aWrongValueChangesNothing() throws Exception {
        // DB_NAME names a database that does not exist, which a start creates and migrates: a wrong
        // value of any part (here retention, ingest, Kafka, HTTP) stops start-up before that.
        String database = TestConfig.database("startup_unmade");
        TestConfig.dropDatabase(database);
        for (String wrong : List.of("retention.batch-size=0", "ingest.writers=0", "kafka.partitions=0",
                                              "events.page-size.default=0", "http.max-body-bytes=0")) {
            try (ServiceProcess service = ServiceProcess.start(Map.of("DB_NAME", database), List.of(wrong))) {
                assertThat(wrong, service.awaitExit(Duration.ofSeconds(30)), is(2));
                assertThat(service.output(), containsString("invalid configuration: " + wrong + ": must be a whole number of at least 1"));
            }
            try (Connection c = TestConfig.adminConnection("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")) {
                rs.next();
                assertThat("database created despite " + wrong, rs.getLong(1), is(0L));
            }
        }
    }
}
