package eventservice.types;

import java.util.Map;
import java.util.UUID;

import eventservice.EventServiceApp;
import eventservice.api.grpc.v1.Compatibility;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.EventTypeServiceGrpc.EventTypeServiceBlockingStub;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.GetEventTypeRequest;
import eventservice.api.grpc.v1.GetSchemaVersionRequest;
import eventservice.api.grpc.v1.ListEventTypesRequest;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;
import eventservice.api.grpc.v1.PutEventTypeRequest;
import eventservice.api.grpc.v1.PutEventTypeResponse;
import eventservice.support.GrpcClients;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static eventservice.types.EventTypesHttpTest.ORDER_SCHEMA;
import static eventservice.types.EventTypesHttpTest.first;
import static eventservice.types.EventTypesHttpTest.newType;
import static eventservice.types.EventTypesHttpTest.valid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** events.v1.EventTypeService, and the checks at the gRPC door, against the real service. */
@ServerTest
class EventTypesGrpcTest {
    private static EventServiceApp app;
    private static TestDb db;

    private final ManagedChannel channel;
    private final EventTypeServiceBlockingStub types;
    private final EventServiceBlockingStub events;

    EventTypesGrpcTest(WebServer server) {
        channel = GrpcClients.channel(server.port());
        types = GrpcClients.eventTypes(channel);
        events = GrpcClients.events(channel);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(EventTypesGrpcTest.class, Map.of("relay.enabled", "false", "redis.host", ""));
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void closeChannel() {
        GrpcClients.close(channel);
    }

    @Test
    void typesArePutListedReadAndVersioned() {
        String type = newType();
        PutEventTypeResponse created = types.putEventType(put(type, ORDER_SCHEMA).build());
        assertThat(created.getCreated(), is(true));
        assertThat(created.getVersionAdded(), is(true));
        assertThat(created.getEventType().getLatestVersion(), is(1));
        assertThat(created.getEventType().getCompatibility(), is(Compatibility.COMPATIBILITY_BACKWARD));

        PutEventTypeResponse same = types.putEventType(put(type, ORDER_SCHEMA).setOwner("team-b").build());
        assertThat(same.getCreated(), is(false));
        assertThat(same.getVersionAdded(), is(false));
        assertThat(same.getEventType().getOwner(), is("team-b"));

        String next = first(ORDER_SCHEMA, "\"properties\":{", "\"properties\":{\"note\":{\"type\":\"string\"},");
        PutEventTypeResponse changed = types.putEventType(put(type, next).setCompatibility(Compatibility.COMPATIBILITY_FULL).build());
        assertThat(changed.getVersionAdded(), is(true));
        assertThat(changed.getEventType().getLatestVersion(), is(2));
        assertThat(changed.getEventType().getCompatibility(), is(Compatibility.COMPATIBILITY_FULL));

        assertThat(types.listEventTypes(ListEventTypesRequest.getDefaultInstance()).getEventTypesList().stream()
                           .map(t -> t.getName()).toList(), hasItem(type));
        assertThat(types.getEventType(GetEventTypeRequest.newBuilder().setName(type).build()).getLatestVersion(), is(2));
        var first = types.getSchemaVersion(GetSchemaVersionRequest.newBuilder().setName(type).setVersion(1).build());
        assertThat(first.getVersion(), is(1));
        assertThat(first.getSchema(), is(created.getEventType().getSchema()));

        assertThat(code(() -> types.getEventType(GetEventTypeRequest.newBuilder().setName("NO_SUCH_TYPE").build())),
                   is(Status.Code.NOT_FOUND));
        assertThat(code(() -> types.getSchemaVersion(GetSchemaVersionRequest.newBuilder().setName(type).setVersion(3).build())),
                   is(Status.Code.NOT_FOUND));
        assertThat(code(() -> types.getSchemaVersion(GetSchemaVersionRequest.newBuilder().setName(type).setVersion(0).build())),
                   is(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void anIncompatibleOrInvalidSchemaIsRefusedWithItsReason() {
        String type = newType();
        types.putEventType(put(type, ORDER_SCHEMA).build());
        StatusRuntimeException incompatible = assertThrows(StatusRuntimeException.class, () -> types.putEventType(
                put(type, ORDER_SCHEMA.replace(",\"REFUNDED\"", "")).build()));
        assertThat(incompatible.getStatus().getCode(), is(Status.Code.FAILED_PRECONDITION));
        assertThat(incompatible.getStatus().getDescription(), is("schema: not BACKWARD-compatible with version 1 of " + type
                + " (1 breaking change): payload/status: value \"REFUNDED\" is allowed by the previous schema, not by the new one's enum"));

        StatusRuntimeException notJson = assertThrows(StatusRuntimeException.class, () -> types.putEventType(
                put(type, "{\"type\":").build()));
        assertThat(notJson.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(notJson.getStatus().getDescription(), is("schema: must be valid JSON"));
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> types.putEventType(
                PutEventTypeRequest.newBuilder().setName(newType()).build()));
        assertThat(empty.getStatus().getDescription(), is("schema: must not be empty (a JSON Schema object)"));
        assertThat(types.getEventType(GetEventTypeRequest.newBuilder().setName(type).build()).getLatestVersion(), is(1));
    }

    @Test
    void publishesAreCheckedAgainstTheSchemaAndGetEventTellsTheVersion() {
        String type = newType();
        types.putEventType(put(type, ORDER_SCHEMA).build());
        String aggregate = "grpc-" + UUID.randomUUID();
        String bad = "{\"order_id\":\"o-1\",\"items\":[{\"quantity\":0}]}";

        StatusRuntimeException single = assertThrows(StatusRuntimeException.class,
                () -> events.publishEvent(publish(type, aggregate, bad)));
        assertThat(single.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(single.getStatus().getDescription(), is("payload/items/0/quantity: must be >= 1"));
        StatusRuntimeException batch = assertThrows(StatusRuntimeException.class, () -> events.publishEvents(
                PublishEventsRequest.newBuilder().addEvents(publish(type, aggregate, valid())).addEvents(publish(type, aggregate, bad)).build()));
        assertThat(batch.getStatus().getDescription(), is("events[1].payload/items/0/quantity: must be >= 1"));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> events.publishEvent(publish("NO_SUCH_TYPE", aggregate, valid())));
        assertThat(unknown.getStatus().getDescription(), is("type: unknown event type 'NO_SUCH_TYPE'"));
        assertThat("nothing stored", db.count("aggregate_id = '" + aggregate + "'"), is(0L));

        String id = events.publishEvent(publish(type, aggregate, valid())).getEvent().getId();
        assertThat(events.getEvent(GetEventRequest.newBuilder().setId(id).build()).getSchemaVersion(), is(1));
    }

    private static PutEventTypeRequest.Builder put(String name, String schema) {
        return PutEventTypeRequest.newBuilder().setName(name).setDescription("an order was placed").setOwner("team-a")
                .setSchema(schema);
    }

    private static PublishEventRequest publish(String type, String aggregate, String payload) {
        return PublishEventRequest.newBuilder().setType(type).setAggregateId(aggregate).setPayload(payload).build();
    }

    private static Status.Code code(Executable call) {
        return assertThrows(StatusRuntimeException.class, call).getStatus().getCode();
    }
}
