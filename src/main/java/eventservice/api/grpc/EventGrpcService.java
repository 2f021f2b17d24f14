package eventservice.api.grpc;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import eventservice.api.grpc.v1.CancelEventsRequest;
import eventservice.api.grpc.v1.CancelReplayRequest;
import eventservice.api.grpc.v1.EventStatus;
import eventservice.api.grpc.v1.GetReplayRequest;
import eventservice.api.grpc.v1.ListReplaysRequest;
import eventservice.api.grpc.v1.ListReplaysResponse;
import eventservice.api.grpc.v1.ReplayEventsRequest;
import eventservice.api.grpc.v1.ReplayJob;
import eventservice.api.grpc.v1.CancelEventsResponse;
import eventservice.api.grpc.v1.Event;
import eventservice.api.grpc.v1.EventPage;
import eventservice.api.grpc.v1.EventServiceGrpc;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.GetEventsByTypeRequest;
import eventservice.api.grpc.v1.ListEventsRequest;
import eventservice.api.grpc.v1.ProcessPendingEventsRequest;
import eventservice.api.grpc.v1.ProcessPendingEventsResponse;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventResponse;
import eventservice.api.grpc.v1.PublishEventsRequest;
import eventservice.api.grpc.v1.PublishEventsResponse;
import eventservice.api.grpc.v1.RetryFailedEventsRequest;
import eventservice.api.grpc.v1.RetryFailedEventsResponse;
import eventservice.event.EventIds;
import eventservice.event.InvalidEventException;
import eventservice.ingest.EventIngest;
import eventservice.operate.Operations;
import eventservice.query.EventQueries;
import eventservice.relay.RelayCommands;
import eventservice.store.StoredEvent;
import io.grpc.stub.StreamObserver;

/** events.v1.EventService: the gRPC door onto ingest, queries and the relay. */
public final class EventGrpcService extends EventServiceGrpc.EventServiceImplBase {
    private final EventIngest ingest;
    private final EventQueries queries;
    private final RelayCommands relay;
    private final Operations operations;

    public EventGrpcService(EventIngest ingest, EventQueries queries, RelayCommands relay, Operations operations) {
        this.ingest = ingest;
        this.queries = queries;
        this.relay = relay;
        this.operations = operations;
    }

    @Override
    public void publishEvent(PublishEventRequest request, StreamObserver<PublishEventResponse> response) {
        answer("PublishEvent", response, () -> {
            AuthInterceptor.caller().requirePublish(List.of(request.getType()));
            return result(ingest.publish(ProtoEvents.newEvent(request)));
        });
    }

    @Override
    public void publishEvents(PublishEventsRequest request, StreamObserver<PublishEventsResponse> response) {
        answer("PublishEvents", response, () -> {
            AuthInterceptor.caller().requirePublish(request.getEventsList().stream().map(PublishEventRequest::getType).toList());
            List<StoredEvent> stored = ingest.publishAll(request.getEventsList().stream().map(ProtoEvents::newEvent).toList());
            var builder = PublishEventsResponse.newBuilder();
            stored.forEach(s -> builder.addResults(result(s)));
            return builder.build();
        });
    }

    @Override
    public void getEvent(GetEventRequest request, StreamObserver<Event> response) {
        answer("GetEvent", response, () -> {
            UUID id = EventIds.parse("id", request.getId());
            return queries.get(id).map(ProtoEvents::event)
                    .orElseThrow(() -> new GrpcErrors.NotFoundException("event " + id + " not found"));
        });
    }

    @Override
    public void getEventsByType(GetEventsByTypeRequest request, StreamObserver<EventPage> response) {
        answer("GetEventsByType", response, () -> {
            if (request.getType().isEmpty()) {
                throw new InvalidEventException("type", "must not be empty");
            }
            return ProtoEvents.page(queries.list(request.getType(), ProtoEvents.statusFilter(request.getStatus()), null,
                                                 request.getPageSize(), request.getPageToken()));
        });
    }

    @Override
    public void listEvents(ListEventsRequest request, StreamObserver<EventPage> response) {
        answer("ListEvents", response, () -> ProtoEvents.page(queries.list(
                new eventservice.store.EventFilter(request.getType(), request.getAggregateId(),
                        request.hasCreatedAfter() ? ProtoOperate.instant(request.getCreatedAfter()) : null,
                        request.hasCreatedBefore() ? ProtoOperate.instant(request.getCreatedBefore()) : null),
                ProtoEvents.statusFilter(request.getStatus()), request.getPageSize(), request.getPageToken())));
    }

    @Override
    public void processPendingEvents(ProcessPendingEventsRequest request,
                                     StreamObserver<ProcessPendingEventsResponse> response) {
        answer("ProcessPendingEvents", response, () -> {
            var result = relay.processPending(request.getLimit());
            return ProcessPendingEventsResponse.newBuilder()
                    .setClaimed(result.claimed()).setPublished(result.published()).setFailed(result.failed()).build();
        });
    }

    @Override
    public void retryFailedEvents(RetryFailedEventsRequest request, StreamObserver<RetryFailedEventsResponse> response) {
        answer("RetryFailedEvents", response, () -> {
            List<UUID> ids = request.getIdsList().stream().map(id -> EventIds.parse("ids", id)).toList();
            var filter = ProtoOperate.filter(request.hasFilter(), request.getFilter());
            var result = relay.retryFailed(request.getLimit(), ids, filter == null ? eventservice.store.EventFilter.ANY : filter,
                                           request.getIncludeExhausted());
            return RetryFailedEventsResponse.newBuilder()
                    .setRequeued(result.requeued()).setPublished(result.published()).setFailed(result.failed()).build();
        });
    }

    @Override
    public void cancelEvents(CancelEventsRequest request, StreamObserver<CancelEventsResponse> response) {
        answer("CancelEvents", response, () -> {
            var filter = ProtoOperate.filter(request.hasFilter(), request.getFilter());
            var status = request.hasFilter() ? ProtoEvents.statusFilter(request.getFilter().getStatus()) : null;
            return ProtoOperate.cancelled(operations.cancel().cancel(ProtoOperate.ids(request.getIdsList()), filter, status,
                                                                     request.getReason(), AuthInterceptor.caller().identity()));
        });
    }

    @Override
    public void replayEvents(ReplayEventsRequest request, StreamObserver<ReplayJob> response) {
        answer("ReplayEvents", response, () -> {
            if (request.hasFilter() && request.getFilter().getStatus() != EventStatus.EVENT_STATUS_UNSPECIFIED) {
                throw new InvalidEventException("filter.status", "leave it unset: a replay selects PROCESSED events only");
            }
            var filter = ProtoOperate.filter(request.hasFilter(), request.getFilter());
            return ProtoOperate.job(operations.replays().start(ProtoOperate.ids(request.getIdsList()), filter, request.getTopic(),
                                                               AuthInterceptor.caller().identity()));
        });
    }

    @Override
    public void getReplay(GetReplayRequest request, StreamObserver<ReplayJob> response) {
        answer("GetReplay", response, () -> {
            UUID id = EventIds.parse("id", request.getId());
            return operations.replays().get(id).map(ProtoOperate::job)
                    .orElseThrow(() -> new GrpcErrors.NotFoundException("replay " + id + " not found"));
        });
    }

    @Override
    public void listReplays(ListReplaysRequest request, StreamObserver<ListReplaysResponse> response) {
        answer("ListReplays", response, () -> ListReplaysResponse.newBuilder()
                .addAllReplays(operations.replays().list(request.getLimit()).stream().map(ProtoOperate::job).toList()).build());
    }

    @Override
    public void cancelReplay(CancelReplayRequest request, StreamObserver<ReplayJob> response) {
        answer("CancelReplay", response, () -> {
            UUID id = EventIds.parse("id", request.getId());
            return operations.replays().cancel(id).map(ProtoOperate::job)
                    .orElseThrow(() -> new GrpcErrors.NotFoundException("replay " + id + " not found"));
        });
    }

    private static PublishEventResponse result(StoredEvent stored) {
        return PublishEventResponse.newBuilder()
                .setEvent(ProtoEvents.event(stored.event()))
                .setDuplicate(stored.duplicate())
                .build();
    }

    private static <T> void answer(String method, StreamObserver<T> response, Supplier<T> work) {
        GrpcErrors.answer(method, response, work);
    }
}
