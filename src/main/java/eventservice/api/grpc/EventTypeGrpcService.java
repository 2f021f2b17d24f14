package eventservice.api.grpc;

import eventservice.api.grpc.v1.Compatibility;
import eventservice.api.grpc.v1.EventType;
import eventservice.api.grpc.v1.EventTypeServiceGrpc;
import eventservice.api.grpc.v1.GetEventTypeRequest;
import eventservice.api.grpc.v1.GetSchemaVersionRequest;
import eventservice.api.grpc.v1.ListEventTypesRequest;
import eventservice.api.grpc.v1.ListEventTypesResponse;
import eventservice.api.grpc.v1.PutEventTypeRequest;
import eventservice.api.grpc.v1.PutEventTypeResponse;
import eventservice.api.grpc.v1.SchemaVersion;
import eventservice.event.InvalidEventException;
import eventservice.types.EventTypeChange;
import eventservice.types.EventTypeRegistry;
import eventservice.types.JsonSchemas;
import io.grpc.stub.StreamObserver;

/** events.v1.EventTypeService: the gRPC door onto the event-type registry. */
public final class EventTypeGrpcService extends EventTypeServiceGrpc.EventTypeServiceImplBase {
    private final EventTypeRegistry registry;

    public EventTypeGrpcService(EventTypeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void listEventTypes(ListEventTypesRequest request, StreamObserver<ListEventTypesResponse> response) {
        GrpcErrors.answer("ListEventTypes", response, () -> {
            var builder = ListEventTypesResponse.newBuilder();
            registry.list().forEach(t -> builder.addEventTypes(eventType(t)));
            return builder.build();
        });
    }

    @Override
    public void getEventType(GetEventTypeRequest request, StreamObserver<EventType> response) {
        GrpcErrors.answer("GetEventType", response, () -> eventType(registry.get(request.getName())));
    }

    @Override
    public void putEventType(PutEventTypeRequest request, StreamObserver<PutEventTypeResponse> response) {
        GrpcErrors.answer("PutEventType", response, () -> {
            var change = new EventTypeChange(request.getDescription(), request.getOwner(), request.getTopic(),
                                             compatibility(request.getCompatibility()), JsonSchemas.parse(request.getSchema()));
            EventTypeRegistry.PutResult result = registry.put(request.getName(), change);
            return PutEventTypeResponse.newBuilder().setEventType(eventType(result.type()))
                    .setCreated(result.created()).setVersionAdded(result.versionAdded()).build();
        });
    }

    @Override
    public void getSchemaVersion(GetSchemaVersionRequest request, StreamObserver<SchemaVersion> response) {
        GrpcErrors.answer("GetSchemaVersion", response, () -> {
            eventservice.types.SchemaVersion version = registry.version(request.getName(), request.getVersion());
            return SchemaVersion.newBuilder().setName(version.name()).setVersion(version.version())
                    .setSchema(version.schema()).setCreatedAt(ProtoEvents.timestamp(version.createdAt())).build();
        });
    }

    private static EventType eventType(eventservice.types.EventType t) {
        return EventType.newBuilder()
                .setName(t.name())
                .setDescription(t.description())
                .setOwner(t.owner())
                .setTopic(t.topic() == null ? "" : t.topic())
                .setCompatibility(Compatibility.valueOf("COMPATIBILITY_" + t.compatibility().name()))
                .setLatestVersion(t.latestVersion())
                .setSchema(t.schema())
                .setCreatedAt(ProtoEvents.timestamp(t.createdAt()))
                .setUpdatedAt(ProtoEvents.timestamp(t.updatedAt()))
                .build();
    }

    private static eventservice.types.Compatibility compatibility(Compatibility mode) {
        return switch (mode) {
            case COMPATIBILITY_UNSPECIFIED, COMPATIBILITY_BACKWARD -> eventservice.types.Compatibility.BACKWARD;
            case COMPATIBILITY_NONE -> eventservice.types.Compatibility.NONE;
            case COMPATIBILITY_FORWARD -> eventservice.types.Compatibility.FORWARD;
            case COMPATIBILITY_FULL -> eventservice.types.Compatibility.FULL;
            case UNRECOGNIZED -> throw new InvalidEventException("compatibility", "unknown compatibility mode");
        };
    }
}
