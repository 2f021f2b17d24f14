package eventservice.operate;

import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.Eventually;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * A replay slows to {@code replay.max-rate-while-live} while the instance's relay is sending live
 * events, and goes back to {@code replay.max-rate} once they stop: on shared cores a replay at full
 * speed queues the live events behind its own.
 */
@ServerTest
class ReplayGivesWayTest {
    private static final int WHILE_LIVE = 20;
    private static final int HISTORY = 200;
    private static EventServiceApp app;
    private static TestDb db;

    private final HttpCalls http;

    ReplayGivesWayTest(@Socket(Main.HTTP) Http1Client http) {
        this.http = HttpCalls.of(http);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(ReplayGivesWayTest.class, Map.of(
                "replay.batch-size", "5",
                "replay.max-rate", "100000",
                "replay.max-rate-while-live", String.valueOf(WHILE_LIVE),
                "replay.poll-interval", "PT0.1S"));
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aReplayGivesWayToLiveEventsAndSpeedsUpWhenTheyStop() {
        StringJoiner history = new StringJoiner(",", "{\"events\":[", "]}");
        for (int i = 0; i < HISTORY; i++) {
            history.add("{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"history\",\"payload\":{\"i\":" + i + "}}");
        }
        assertThat(http.post("/api/v1/events:batch", history.toString()).status(), is(201));
        Eventually.await(Duration.ofSeconds(60), "history processed",
                         () -> db.count("aggregate_id = 'history' AND status = 'PROCESSED'") == HISTORY);

        String job;
        AtomicBoolean live = new AtomicBoolean(true);
        Thread publisher = Thread.ofVirtual().start(() -> {
            while (live.get()) {
                http.post("/api/v1/events", "{\"type\":\"ORDER_UPDATED\",\"aggregate_id\":\"live\",\"payload\":{}}");
                LockSupport.parkNanos(Duration.ofMillis(40).toNanos());   // the offered load, ~25/s
            }
        });
        try {
            Eventually.await(Duration.ofSeconds(30), "live events delivered",
                             () -> db.count("aggregate_id = 'live' AND status = 'PROCESSED'") > 0);
            long began = System.nanoTime();
            var answer = http.post("/api/v1/events:replay", "{\"filter\":{\"aggregate_id\":\"history\"}}");
            assertThat(answer.text(), answer.status(), is(202));
            job = "/api/v1/replays/" + answer.json().get("id");
            int atLeast = 45;
            String path = job;
            Eventually.await(Duration.ofSeconds(30), atLeast + " sent", () -> sent(path) >= atLeast);
            // paced from its first batch at WHILE_LIVE/s, it cannot have sent more than one batch ahead
            double seconds = (System.nanoTime() - began) / 1e9;
            assertThat("seconds to send " + atLeast + " while live events flow", seconds,
                       greaterThanOrEqualTo((atLeast - 5.0) / WHILE_LIVE * 0.9));
        } finally {
            live.set(false);
        }
        Eventually.await(Duration.ofSeconds(10), "publisher stopped", () -> !publisher.isAlive());
        long stopped = System.nanoTime();
        String path = job;
        Eventually.await(Duration.ofSeconds(30), "replay done", () -> "DONE".equals(http.get(path).json().get("state")));
        // the rest (at least 150 events) at WHILE_LIVE/s would take 7.5 s; at max-rate, a moment
        double seconds = (System.nanoTime() - stopped) / 1e9;
        assertThat("seconds to finish once live events stopped: " + seconds, seconds < 5, is(true));
    }

    private int sent(String job) {
        return ((Number) http.get(job).json().get("sent")).intValue();
    }
}
