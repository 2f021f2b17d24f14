package eventservice.api.grpc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.google.protobuf.Timestamp;
import eventservice.api.grpc.v1.CancelEventsResponse;
import eventservice.api.grpc.v1.EventFilter;
import eventservice.api.grpc.v1.Refusal;
import eventservice.api.grpc.v1.ReplayState;
import eventservice.event.EventIds;
import eventservice.event.InvalidEventException;
import eventservice.operate.EventCancel;

/** Between the operators' messages of events.v1 (filters, cancel, replay) and the service's records. */
final class ProtoOperate {
    private ProtoOperate() {
    }

    static List<UUID> ids(List<String> ids) {
        return ids.stream().map(id -> EventIds.parse("ids", id)).toList();
    }

    /** The filter, or null when the request has none. */
    static eventservice.store.EventFilter filter(boolean present, EventFilter filter) {
        if (!present) {
            return null;
        }
        Instant after = filter.hasCreatedAfter() ? instant(filter.getCreatedAfter()) : null;
        Instant before = filter.hasCreatedBefore() ? instant(filter.getCreatedBefore()) : null;
        if (after != null && before != null && !after.isBefore(before)) {
            throw new InvalidEventException("filter.created_before", "must be later than filter.created_after");
        }
        return new eventservice.store.EventFilter(emptyToNull(filter.getEventType()), emptyToNull(filter.getAggregateId()),
                                                  after, before);
    }

    static CancelEventsResponse cancelled(EventCancel.Result result) {
        var builder = CancelEventsResponse.newBuilder();
        result.cancelled().forEach(id -> builder.addCancelled(id.toString()));
        result.refused().forEach(r -> builder.addRefused(Refusal.newBuilder().setId(r.id().toString()).setReason(r.reason())));
        return builder.build();
    }

    static eventservice.api.grpc.v1.ReplayJob job(eventservice.store.ReplayJob job) {
        var builder = eventservice.api.grpc.v1.ReplayJob.newBuilder()
                .setId(job.id().toString())
                .setState(ReplayState.valueOf("REPLAY_STATE_" + job.state()))
                .setSelected(job.selected())
                .setSent(job.sent())
                .setRequestedBy(job.requestedBy())
                .setCreatedAt(ProtoEvents.timestamp(job.createdAt()));
        if (job.topic() != null) {
            builder.setTopic(job.topic());
        }
        if (job.finishedAt() != null) {
            builder.setFinishedAt(ProtoEvents.timestamp(job.finishedAt()));
        }
        if (job.error() != null) {
            builder.setError(job.error());
        }
        return builder.build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
