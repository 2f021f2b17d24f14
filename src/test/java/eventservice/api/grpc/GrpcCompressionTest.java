package eventservice.api.grpc;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.EventServiceGrpc;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
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
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Message compression over gRPC. grpc-java (like most clients) offers gzip on every call; answers
 * of a few hundred bytes are sent uncompressed, since compressing each one cost more CPU than the
 * bytes it saved. A client that compresses its own requests is told so at once (Helidon would
 * otherwise drop its messages without an answer).
 */
@ServerTest
class GrpcCompressionTest {
    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
    private static EventServiceApp app;
    private static TestDb db;
    private final int port;

    GrpcCompressionTest(WebServer server) {
        port = server.port();
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(GrpcCompressionTest.class, Map.of("relay.enabled", "false"));
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void answersAreNotCompressedThoughTheClientOffersGzip() {
        ManagedChannel channel = GrpcClients.channel(port);
        try {
            AtomicReference<String> encoding = new AtomicReference<>("no headers seen");
            var stub = EventServiceGrpc.newBlockingStub(channel).withInterceptors(responseEncoding(encoding))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            stub.publishEvent(request());
            assertThat(encoding.get(), anyOf(nullValue(), is("identity")));
        } finally {
            GrpcClients.close(channel);
        }
    }

    @Test
    void aCompressedRequestIsRefusedAtOnceWithAClearStatus() {
        ManagedChannel channel = GrpcClients.channel(port);
        try {
            var stub = EventServiceGrpc.newBlockingStub(channel).withCompression("gzip").withDeadlineAfter(30, TimeUnit.SECONDS);
            PublishEventRequest request = request();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.publishEvent(request));
            assertThat(e.getStatus().getCode(), is(Status.Code.UNIMPLEMENTED));
            assertThat(e.getStatus().getDescription(), is("grpc-encoding gzip: compressed messages are not accepted, send them uncompressed"));
            assertThat(db.count("aggregate_id = '" + request.getAggregateId() + "'"), is(0L));
        } finally {
            GrpcClients.close(channel);
        }
    }

    private static PublishEventRequest request() {
        return PublishEventRequest.newBuilder().setType("ORDER_CREATED").setAggregateId("order-" + UUID.randomUUID())
                .setPayload("{\"note\":\"" + "x".repeat(300) + "\"}").build();
    }

    /** Records the grpc-encoding header of each answer (null: not compressed). */
    private static ClientInterceptor responseEncoding(AtomicReference<String> seen) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onHeaders(Metadata answer) {
                                seen.set(answer.get(ENCODING));
                                super.onHeaders(answer);
                            }
                        }, headers);
                    }
                };
            }
        };
    }
}
