package eventservice.hostile;

import java.util.Random;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.support.TestServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

/**
 * A seeded fuzz run of publishes at the gRPC door: every request is stored as sent or refused as
 * invalid, never worse ({@code -Dfuzz.iterations=N -Dfuzz.seed=S} for a longer one).
 */
@ServerTest
class SeededFuzzTest {
    private static EventServiceApp app;

    private final Doors doors;

    SeededFuzzTest(WebServer server) {
        this.doors = new Doors(server);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        app = TestServer.start(server, Doors.config(SeededFuzzTest.class));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void stillServing() {
        try (doors) {
            doors.assertStillServing();
        }
    }

    @Test
    void seededFuzzNeverBreaksTheService() {
        long seed = Long.getLong("fuzz.seed", 20261128L);
        int iterations = Integer.getInteger("fuzz.iterations", 300);
        Random random = new Random(seed);
        String[] pieces = {"", "a", "ORDER_CREATED", "USER_CREATED", "{}", "{\"a\":1}", "[", "]", "{", "}", "\"", "\\", "\u0000",
                           "\u0007", "é", "\uD83D\uDE00", "\uD800", "'", ";", "--", "DROP TABLE events", " ", "\n", "null", "1e999",
                           "{\"a\":{\"b\":[1,2,{\"c\":null}]}}", "x".repeat(300)};
        int accepted = 0;
        for (int i = 0; i < iterations; i++) {
            PublishEventRequest.Builder request = PublishEventRequest.newBuilder()
                    .setType(random.nextInt(3) == 0 ? fuzz(random, pieces) : "ORDER_CREATED")
                    .setAggregateId(fuzz(random, pieces))
                    .setPayload(random.nextInt(3) == 0 ? fuzz(random, pieces) : "{\"v\":\"" + random.nextInt() + "\"}");
            if (random.nextBoolean()) {
                request.putMetadata(fuzz(random, pieces), fuzz(random, pieces));
            }
            if (random.nextInt(4) == 0) {
                request.setIdempotencyKey(fuzz(random, pieces));
            }
            try {
                var stored = doors.events.publishEvent(request.build());
                accepted++;
                // what the client sent: grpc-java replaces unpaired surrogates when it encodes UTF-8
                String sent = request.getAggregateIdBytes().toStringUtf8();
                assertThat(stored.getEvent().getAggregateId(), is(sent));
            } catch (StatusRuntimeException e) {
                assertThat("seed " + seed + " iteration " + i + ": " + e.getStatus(), e.getStatus().getCode(),
                           anyOf(is(Status.Code.INVALID_ARGUMENT), is(Status.Code.ALREADY_EXISTS)));
            }
        }
        System.out.printf("fuzz: seed %d, %d requests, %d accepted%n", seed, iterations, accepted);
    }

    private static String fuzz(Random random, String[] pieces) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }
}
