package eventservice.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import eventservice.Main;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The service's two doors as the hostile tests knock on them: gRPC through a client stub, HTTP as
 * raw bytes, so that broken requests reach the server exactly as written.
 */
final class Doors implements AutoCloseable {
    static final String SQL = "x'); DROP TABLE events; --";

    final ManagedChannel channel;
    final EventServiceBlockingStub events;
    private final WebServer server;

    Doors(WebServer server) {
        this.server = server;
        this.channel = GrpcClients.channel(server.port());
        this.events = GrpcClients.events(channel);
    }

    /** No relay: what is stored stays PENDING, so that the counts are the requests' own. */
    static Config config(Class<?> owner) {
        return TestConfig.forTest(owner, Map.of("relay.enabled", "false"));
    }

    static PublishEventRequest.Builder good() {
        return PublishEventRequest.newBuilder().setType("USER_CREATED").setAggregateId("user-1").setPayload("{\"a\":1}");
    }

    /** The service is unharmed: a good request still works on both doors. */
    void assertStillServing() {
        assertThat(events.publishEvent(good().build()).getEvent().getStatus().name(), is("EVENT_STATUS_PENDING"));
        assertThat(http("GET", "/api/v1/events?page_size=1", null, null).startsWith("HTTP/1.1 200"), is(true));
    }

    /** A raw HTTP/1.1 exchange, so that broken requests reach the server exactly as written. */
    String http(String method, String path, String contentType, String body) {
        try (Socket socket = new Socket("127.0.0.1", server.port(Main.HTTP))) {
            socket.setSoTimeout(10_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.ISO_8859_1);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(content.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            return readResponse(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Status line, headers and a Content-Length body (the server may keep the connection open). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        GrpcClients.close(channel);
    }
}
