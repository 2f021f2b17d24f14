package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.EventServiceGrpc;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

/**
 * Ingest, group commit and the relay live on virtual threads: a blocking call that pins its carrier
 * would quietly cap throughput at the core count. JFR's jdk.VirtualThreadPinned catches it.
 */
@ServerTest
class VirtualThreadPinningTest {
    private static EventServiceApp app;
    private static TestDb db;

    private final WebServer server;

    VirtualThreadPinningTest(WebServer server) {
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(VirtualThreadPinningTest.class);
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void noVirtualThreadIsPinnedUnderLoad() throws Exception {
        List<String> pinned = new CopyOnWriteArrayList<>();
        ManagedChannel channel = GrpcClients.channel(server.port());
        try (RecordingStream recording = new RecordingStream();
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            var events = GrpcClients.events(channel);
            // Warm up first: a class initialiser pins its carrier once, the first time a class is used;
            // what matters is the steady state.
            load(clients, events, 0, 300);
            Eventually.await(Duration.ofSeconds(60), "warm-up PROCESSED", () -> db.count("status = 'PROCESSED'") == 300);

            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.onEvent("jdk.VirtualThreadPinned", e -> {
                if (!loadsAClass(e)) {
                    pinned.add(describe(e));
                }
            });
            recording.startAsync();
            load(clients, events, 300, 800);
            Eventually.await(Duration.ofSeconds(60), "800 PROCESSED", () -> db.count("status = 'PROCESSED'") == 800);
            recording.stop();
        } finally {
            GrpcClients.close(channel);
        }
        assertThat(pinned, empty());
    }

    private static void load(ExecutorService clients, EventServiceGrpc.EventServiceBlockingStub events,
                             int from, int to) throws Exception {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int n = i;
            calls.add(clients.submit(() -> events.publishEvent(PublishEventRequest.newBuilder()
                    .setType("CART_UPDATED").setAggregateId("cart-" + (n % 50)).setPayload("{\"n\":" + n + "}").build())));
        }
        for (Future<?> call : calls) {
            call.get();
        }
    }

    /**
     * Loading a class from a jar pins its carrier once, the first time the class is used (the jar's
     * entry is read under a lock, 3.7 ms in one CI run): a path the warm-up happened not to take,
     * not a steady state.
     */
    private static boolean loadsAClass(RecordedEvent event) {
        var stack = event.getStackTrace();
        return stack != null && stack.getFrames().stream().anyMatch(
                f -> f.getMethod().getName().equals("loadClass") && f.getMethod().getType().getName().endsWith("ClassLoader"));
    }

    private static String describe(RecordedEvent event) {
        var stack = event.getStackTrace();
        return event.getDuration() + " " + (stack == null ? "" : stack.getFrames().stream().limit(8)
                .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList());
    }
}
