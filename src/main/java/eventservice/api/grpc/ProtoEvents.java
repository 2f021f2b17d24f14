package eventservice.api.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;
import eventservice.api.grpc.v1.EventPage;
import eventservice.api.grpc.v1.EventStatus;
import eventservice.event.Event;
import eventservice.event.InvalidEventException;
import eventservice.event.NewEvent;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.query.EventQueries;

/** Between the protobuf messages of events.v1 and the service's own records. */
final class ProtoEvents {
    private ProtoEvents() {
    }

    static NewEvent newEvent(PublishEventRequest request) {
        return new NewEvent(request.getType(), request.getAggregateId(), request.getPayload(),
                            request.getMetadataMap(), request.getIdempotencyKey());
    }

    static eventservice.api.grpc.v1.Event event(Event e) {
        var builder = eventservice.api.grpc.v1.Event.newBuilder()
                .setId(e.id().toString())
                .setType(e.type())
                .setAggregateId(e.aggregateId())
                .setPayload(e.payload())
                .setStatus(status(e.status()))
                .setRetryCount(e.retryCount())
                .setCreatedAt(timestamp(e.createdAt()))
                .setUpdatedAt(timestamp(e.updatedAt()))
                .putAllMetadata(e.metadata());
        if (e.processedAt() != null) {
            builder.setProcessedAt(timestamp(e.processedAt()));
        }
        if (e.lastError() != null) {
            builder.setLastError(e.lastError());
        }
        if (e.idempotencyKey() != null) {
            builder.setIdempotencyKey(e.idempotencyKey());
        }
        if (e.schemaVersion() != null) {
            builder.setSchemaVersion(e.schemaVersion());
        }
        if (e.delivered() != null) {
            builder.setKafkaTopic(e.delivered().topic()).setKafkaPartition(e.delivered().partition())
                    .setKafkaOffset(e.delivered().offset());
        }
        if (e.cancellation() != null) {
            builder.setCancelledBy(e.cancellation().by()).setCancelledAt(timestamp(e.cancellation().at()));
            if (e.cancellation().reason() != null) {
                builder.setCancelReason(e.cancellation().reason());
            }
        }
        return builder.build();
    }

    static EventPage page(EventQueries.Page page) {
        var builder = EventPage.newBuilder().setNextPageToken(page.nextPageToken());
        page.events().forEach(e -> builder.addEvents(event(e)));
        return builder.build();
    }

    static EventStatus status(eventservice.event.EventStatus status) {
        return switch (status) {
            case PENDING -> EventStatus.EVENT_STATUS_PENDING;
            case PROCESSING -> EventStatus.EVENT_STATUS_PROCESSING;
            case PROCESSED -> EventStatus.EVENT_STATUS_PROCESSED;
            case FAILED -> EventStatus.EVENT_STATUS_FAILED;
            case CANCELLED -> EventStatus.EVENT_STATUS_CANCELLED;
        };
    }

    /** A status filter: UNSPECIFIED means any; an unknown number is refused. */
    static eventservice.event.EventStatus statusFilter(EventStatus status) {
        return switch (status) {
            case EVENT_STATUS_UNSPECIFIED -> null;
            case EVENT_STATUS_PENDING -> eventservice.event.EventStatus.PENDING;
            case EVENT_STATUS_PROCESSING -> eventservice.event.EventStatus.PROCESSING;
            case EVENT_STATUS_PROCESSED -> eventservice.event.EventStatus.PROCESSED;
            case EVENT_STATUS_FAILED -> eventservice.event.EventStatus.FAILED;
            case EVENT_STATUS_CANCELLED -> eventservice.event.EventStatus.CANCELLED;
            case UNRECOGNIZED -> throw new InvalidEventException("status", "unknown status");
        };
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
