package eventservice.hostile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.EventServiceGrpc;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.GetEventsByTypeRequest;
import eventservice.api.grpc.v1.ListEventsRequest;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.RetryFailedEventsRequest;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static eventservice.hostile.Doors.SQL;
import static eventservice.hostile.Doors.good;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Hostile and broken input at the gRPC door: each gets INVALID_ARGUMENT with a clear reason, nothing
 * is stored, and the service keeps serving; injection strings that are valid are stored as they are.
 */
@ServerTest
class HostileGrpcInputTest {
    private static EventServiceApp app;
    private static TestDb db;

    private final Doors doors;

    HostileGrpcInputTest(WebServer server) {
        this.doors = new Doors(server);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = Doors.config(HostileGrpcInputTest.class);
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
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

    static Stream<Arguments> badGrpc() {
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        String tenMiB = "{\"a\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        return Stream.of(
                grpc("empty request", () -> PublishEventRequest.getDefaultInstance()),
                grpc("unknown type", () -> good().setType("USER_DELETED").build()),
                grpc("SQL in type", () -> good().setType(SQL).build()),
                grpc("lower-case type", () -> good().setType("user_created").build()),
                grpc("empty aggregate", () -> good().setAggregateId("").build()),
                grpc("oversize aggregate", () -> good().setAggregateId("a".repeat(10_000)).build()),
                grpc("NUL in aggregate", () -> good().setAggregateId("a\u0000b").build()),
                grpc("newline in aggregate", () -> good().setAggregateId("a\nb").build()),
                grpc("payload not JSON", () -> good().setPayload(SQL).build()),
                grpc("payload not object", () -> good().setPayload("42").build()),
                grpc("payload null", () -> good().setPayload("null").build()),
                grpc("payload 10 MiB", () -> good().setPayload(tenMiB).build()),
                grpc("payload 10 000 deep", () -> good().setPayload(deep).build()),
                grpc("payload trailing garbage", () -> good().setPayload("{\"a\":1} {").build()),
                grpc("control char in metadata", () -> good().putMetadata("k", "v\u0007").build()),
                grpc("SQL in metadata key", () -> good().putMetadata(SQL, "v").build()),
                grpc("oversize idempotency key", () -> good().setIdempotencyKey("k".repeat(5000)).build()),
                grpc("control char in idempotency key", () -> good().setIdempotencyKey("k\u001b[2J").build()));
    }

    private static Arguments grpc(String name, Supplier<PublishEventRequest> request) {
        return Arguments.of(name, request);
    }

    @ParameterizedTest(name = "gRPC: {0}")
    @MethodSource("badGrpc")
    void badPublishOverGrpc(String name, Supplier<PublishEventRequest> request) {
        long before = db.count("true");
        StatusRuntimeException e = Assertions.assertThrows(StatusRuntimeException.class,
                () -> doors.events.publishEvent(request.get()));
        assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(e.getStatus().getDescription(), containsString(": "));
        assertThat(e.getStatus().getDescription(), not(containsString("Exception")));
        assertThat(db.count("true"), is(before));
    }

    @Test
    void badQueriesOverGrpc() {
        List<Runnable> bad = List.of(
                () -> doors.events.getEvent(GetEventRequest.newBuilder().setId(SQL).build()),
                () -> doors.events.getEvent(GetEventRequest.newBuilder().setId("").build()),
                () -> doors.events.listEvents(ListEventsRequest.newBuilder().setType(SQL).build()),
                () -> doors.events.listEvents(ListEventsRequest.newBuilder().setAggregateId("a".repeat(1000)).build()),
                () -> doors.events.listEvents(ListEventsRequest.newBuilder().setPageToken(SQL).build()),
                () -> doors.events.listEvents(ListEventsRequest.newBuilder().setPageSize(Integer.MAX_VALUE).build()),
                () -> doors.events.listEvents(ListEventsRequest.newBuilder().setPageSize(Integer.MIN_VALUE).build()),
                () -> doors.events.getEventsByType(GetEventsByTypeRequest.newBuilder().setType("ORDER_CREATED").setStatusValue(-3).build()),
                () -> doors.events.retryFailedEvents(RetryFailedEventsRequest.newBuilder().addIds(SQL).build()),
                () -> doors.events.retryFailedEvents(RetryFailedEventsRequest.newBuilder().setLimit(-1).build()));
        for (Runnable call : bad) {
            StatusRuntimeException e = Assertions.assertThrows(StatusRuntimeException.class, call::run);
            assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void invalidUtf8InAProtobufStringIsRefused() {
        // A PublishEventRequest whose aggregate_id (field 2) holds bytes that are not UTF-8.
        byte[] raw = rawMessage(out -> {
            out.writeString(1, "USER_CREATED");
            out.writeBytes(2, ByteString.copyFrom(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}));
            out.writeString(3, "{}");
        });
        long before = db.count("true");
        StatusRuntimeException e = Assertions.assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(doors.channel, RAW_PUBLISH, CallOptions.DEFAULT.withDeadlineAfter(3,
                        TimeUnit.SECONDS), raw));
        // Helidon 4.5.0 drops a message it cannot parse without answering (README, known issues):
        // the client's deadline passes. What matters here: nothing stored, the service unharmed.
        assertThat(e.getStatus().getCode(), anyOf(is(Status.Code.INVALID_ARGUMENT), is(Status.Code.INTERNAL),
                                                  is(Status.Code.DEADLINE_EXCEEDED)));
        assertThat(db.count("true"), is(before));
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] rawMessage(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private static final MethodDescriptor<byte[], byte[]> RAW_PUBLISH = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(EventServiceGrpc.getPublishEventMethod().getFullMethodName())
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    @Test
    void injectionStringsAreStoredAsTheyAre() {
        PublishEventRequest request = PublishEventRequest.newBuilder().setType("ORDER_CREATED")
                .setAggregateId(SQL).setIdempotencyKey(SQL + UUID.randomUUID())
                .setPayload("{\"note\":\"" + SQL.replace("'", "\\u0027") + "\"}")
                .putMetadata("note", SQL).build();
        var stored = doors.events.publishEvent(request).getEvent();
        var read = doors.events.getEvent(GetEventRequest.newBuilder().setId(stored.getId()).build());
        assertThat(read.getAggregateId(), is(SQL));
        assertThat(read.getMetadataMap().get("note"), is(SQL));
        assertThat(read.getIdempotencyKey(), is(request.getIdempotencyKey()));
        assertThat(doors.events.listEvents(ListEventsRequest.newBuilder().setAggregateId(SQL).build()).getEventsCount(), is(1));
        assertThat("the table is still there", db.count("aggregate_id = 'x''); DROP TABLE events; --'"), is(1L));
    }
}
