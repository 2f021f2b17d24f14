package eventservice.cache;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.Eventually;
import eventservice.support.RedisProcess;
import eventservice.support.ServiceProcess;
import eventservice.support.TcpProxy;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Redis of the test's own (killed and restarted) and PostgreSQL behind a proxy the test can cut:
 * cache hits avoid the database, Redis down never fails a request, readiness follows PostgreSQL.
 */
@ServerTest
class RedisAndReadinessTest {
    private static EventServiceApp app;
    private static RedisProcess redis;
    private static TcpProxy postgres;
    private static String database;

    private final Http1Client http;

    RedisAndReadinessTest(@Socket(Main.HTTP) Http1Client http) {
        this.http = http;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        redis = new RedisProcess(ServiceProcess.freePort()).start();
        postgres = new TcpProxy(5432);
        Config config = TestConfig.forTest(RedisAndReadinessTest.class, Map.of(
                "redis.host", "127.0.0.1", "redis.port", Integer.toString(redis.port()),
                "db.host", "127.0.0.1", "db.port", Integer.toString(postgres.port()),
                "db.pool.connectionTimeout", "1000", "redis.key-prefix", "redis-test"));
        database = config.get("db.name").asString().get();
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        redis.close();
        postgres.close();
    }

    /** Each test starts with both dependencies up and in use again (earlier tests break them). */
    @BeforeEach
    void dependenciesUp() {
        Eventually.await(Duration.ofSeconds(30), "PostgreSQL and Redis in use",
                () -> body("/health").contains("\"redis\":{\"status\":\"UP\",\"required\":false}")
                        && status("/api/v1/events/" + UUID.randomUUID()) == 404);
    }

    @Test
    void aCachedEventIsServedWhilePostgresIsUnreachable() {
        String id = publish("cache-" + UUID.randomUUID(), null);
        Eventually.await(Duration.ofSeconds(30), "PROCESSED", () -> body("/api/v1/events/" + id).contains("PROCESSED"));
        double hits = metric("hit");
        assertThat(status("/api/v1/events/" + id), is(200));   // read once more: served from Redis
        assertThat(metric("hit"), greaterThan(hits));
        postgres.cut();
        try {
            assertThat("served from Redis with the database cut off", status("/api/v1/events/" + id), is(200));
            assertThat(status("/api/v1/events/" + UUID.randomUUID()), is(503));
        } finally {
            postgres.restore();
        }
    }

    @Test
    void repeatsOfAnIdempotencyKeyAreAnsweredFromRedis() {
        String key = "redis-key-" + UUID.randomUUID();
        String first = publish("idem-redis", key);
        double hits = metric("hit");
        assertThat(publish("idem-redis", key), is(first));
        assertThat(metric("hit"), greaterThan(hits));
    }

    @Test
    void aStaleRedisEntryNeverAnswersForAnEventThatIsNotStored() {
        // The key's event is processed and cached in Redis, then gone from PostgreSQL (a database
        // reset, a restore): a repeat must store the event again, not be told it is a duplicate.
        String key = "stale-" + UUID.randomUUID();
        String id = publish("stale", key);
        Eventually.await(Duration.ofSeconds(30), "PROCESSED", () -> body("/api/v1/events/" + id).contains("PROCESSED"));
        assertThat(status("/api/v1/events/" + id), is(200));   // now in Redis too
        new TestDb(database).execute("WITH gone AS (DELETE FROM event_log WHERE id = '" + id + "' RETURNING seq)"
                + " DELETE FROM event_state WHERE seq IN (SELECT seq FROM gone)");
        String again = publish("stale", key);
        assertThat("stored anew, not answered from Redis", again.equals(id), is(false));
        assertThat(new TestDb(database).count("idempotency_key = '" + key + "'"), is(1L));
    }

    @Test
    void redisDownFailsNoRequestAndIsUsedAgainWhenBack() throws Exception {
        redis.kill();
        try {
            for (int i = 0; i < 20; i++) {
                String id = publish("no-redis-" + i, "no-redis-key-" + UUID.randomUUID());
                assertThat(status("/api/v1/events/" + id), is(200));
            }
            assertThat("Redis down does not make the service unready", status("/observe/health/ready"), is(200));
            assertThat(body("/health"), containsString("\"redis\":{\"status\":\"DOWN\",\"required\":false}"));
        } finally {
            redis.start();
        }
        String key = "back-" + UUID.randomUUID();
        publish("redis-back", key);
        double hits = metric("hit");
        Eventually.await(Duration.ofSeconds(20), "Redis used again", () -> {
            publish("redis-back", key);
            return metric("hit") > hits;
        });
    }

    @Test
    void readinessFollowsPostgres() {
        assertThat(status("/observe/health/ready"), is(200));
        postgres.cut();
        try {
            Eventually.await(Duration.ofSeconds(20), "not ready", () -> status("/observe/health/ready") == 503);
            assertThat(status("/health"), is(503));
            assertThat(body("/health"), containsString("\"postgresql\":{\"status\":\"DOWN\",\"required\":true}"));
            assertThat("the process itself is alive", status("/observe/health/live"), is(200));
        } finally {
            postgres.restore();
        }
        Eventually.await(Duration.ofSeconds(30), "ready again", () -> status("/observe/health/ready") == 200);
    }

    private String publish(String aggregate, String key) {
        var request = http.post("/api/v1/events").header(HeaderNames.CONTENT_TYPE, "application/json");
        if (key != null) {
            request.header(HeaderNames.create("Idempotency-Key"), key);
        }
        try (Http1ClientResponse response = request.submit(
                "{\"type\":\"CART_UPDATED\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":{\"items\":1}}")) {
            String body = response.as(String.class);
            assertThat(body, response.status().code() == 200 || response.status() == Status.CREATED_201, is(true));
            return body.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        }
    }

    private int status(String path) {
        try (Http1ClientResponse response = http.get(path).request()) {
            return response.status().code();
        }
    }

    private String body(String path) {
        try (Http1ClientResponse response = http.get(path).request()) {
            return response.as(String.class);
        }
    }

    private double metric(String result) {
        try (Http1ClientResponse response = http.get("/observe/metrics").header(HeaderNames.ACCEPT, "text/plain").request()) {
            for (String line : response.as(String.class).split("\n")) {
                if (line.startsWith("events_cache_requests_total{result=\"" + result + "\"")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return 0;
    }
}
