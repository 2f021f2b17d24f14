package eventservice.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.TestServer;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static eventservice.hostile.Doors.good;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Garbage bytes, idle and slow connections on both ports do not stop the service from serving others. */
@ServerTest
class HostileConnectionsTest {
    private static EventServiceApp app;

    private final Doors doors;
    private final WebServer server;

    HostileConnectionsTest(WebServer server) {
        this.doors = new Doors(server);
        this.server = server;
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        app = TestServer.start(server, Doors.config(HostileConnectionsTest.class));
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
    void garbageIdleAndSlowConnectionsDoNotStopTheService() throws Exception {
        int grpcPort = server.port();
        int httpPort = server.port(Main.HTTP);
        Random random = new Random(7);
        for (int port : new int[] {grpcPort, httpPort}) {
            for (int i = 0; i < 20; i++) {
                byte[] garbage = new byte[random.nextInt(4096) + 1];
                random.nextBytes(garbage);
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(2000);
                    s.getOutputStream().write(garbage);
                    s.getOutputStream().flush();
                    drain(s.getInputStream());
                } catch (IOException expected) {
                    // the server may close on us: that is fine
                }
            }
        }
        // Half an HTTP/2 preface, then silence; a thousand connections that send nothing; a slow body.
        List<Socket> idle = new ArrayList<>();
        try {
            Socket half = new Socket("127.0.0.1", grpcPort);
            half.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM".getBytes(StandardCharsets.US_ASCII));
            idle.add(half);
            for (int i = 0; i < 1000; i++) {
                idle.add(new Socket("127.0.0.1", i % 2 == 0 ? httpPort : grpcPort));
            }
            Socket slow = new Socket("127.0.0.1", httpPort);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                              .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            idle.add(slow);
            // Others are served meanwhile, on both doors.
            for (int i = 0; i < 5; i++) {
                out.write(' ');
                out.flush();
                assertThat(doors.events.publishEvent(good().build()).getEvent().getId().isEmpty(), is(false));
                assertThat(doors.http("GET", "/health", null, null).startsWith("HTTP/1.1 200"), is(true));
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    private static void drain(InputStream in) {
        try {
            in.readNBytes(8192);
        } catch (IOException ignored) {
            // closed or timed out: either is fine
        }
    }
}
