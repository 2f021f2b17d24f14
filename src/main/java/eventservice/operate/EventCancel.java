package eventservice.operate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import eventservice.event.EventStatus;
import eventservice.event.InvalidEventException;
import eventservice.store.CancelStore;
import eventservice.store.EventFilter;

/**
 * CancelEvents, for both doors: PENDING or FAILED events chosen by ids or by a filter become
 * CANCELLED; they are never sent and no longer hold back their aggregate. Each id not cancelled is
 * refused with the reason.
 */
public final class EventCancel {
    /** Events cancelled by one call at most (a filter matching more is cancelled by calling again). */
    public static final int MAX_EVENTS = 10_000;
    static final int MAX_REASON = 1000;
    private static final String ONLY = "only PENDING or FAILED events can be cancelled";

    private final CancelStore store;
    private final Runnable wakeRelay;

    public EventCancel(CancelStore store, Runnable wakeRelay) {
        this.store = store;
        this.wakeRelay = wakeRelay;
    }

    public record Refusal(UUID id, String reason) {
    }

    public record Result(List<UUID> cancelled, List<Refusal> refused) {
    }

    /**
     * @param ids    the events to cancel; empty when {@code filter} chooses them
     * @param filter null when {@code ids} are given
     * @param status with a filter: PENDING, FAILED, or null for both
     * @param by     who cancels (Caller.identity())
     */
    public Result cancel(List<UUID> ids, EventFilter filter, EventStatus status, String reason, String by) {
        if (ids.isEmpty() == (filter == null)) {
            throw new InvalidEventException("ids", "give either ids or a filter");
        }
        if (ids.size() > MAX_EVENTS) {
            throw new InvalidEventException("ids", "at most " + MAX_EVENTS + " ids per call");
        }
        if (status != null && status != EventStatus.PENDING && status != EventStatus.FAILED) {
            throw new InvalidEventException("filter.status", "must be PENDING or FAILED");
        }
        if (filter != null && filter.isEmpty() && status == null) {
            throw new InvalidEventException("filter", "must name at least one of event_type, aggregate_id, status, created_after, created_before");
        }
        if (reason != null && reason.length() > MAX_REASON) {
            throw new InvalidEventException("reason", "must be at most " + MAX_REASON + " characters");
        }
        List<UUID> distinct = List.copyOf(new LinkedHashSet<>(ids));
        List<EventStatus> statuses = status == null ? List.of(EventStatus.PENDING, EventStatus.FAILED) : List.of(status);
        CancelStore.Outcome outcome = store.cancel(distinct, filter == null ? EventFilter.ANY : filter, statuses,
                                                   filter == null ? distinct.size() : MAX_EVENTS,
                                                   reason == null || reason.isEmpty() ? null : reason, by);
        Set<UUID> done = new HashSet<>(outcome.cancelled());
        List<Refusal> refused = new ArrayList<>();
        for (UUID id : distinct) {
            if (!done.contains(id)) {
                refused.add(new Refusal(id, why(outcome.others().get(id))));
            }
        }
        if (!outcome.cancelled().isEmpty()) {
            wakeRelay.run();  // the events they held back may go now
        }
        return new Result(outcome.cancelled(), refused);
    }

    private static String why(EventStatus status) {
        if (status == null) {
            return "not found";
        }
        return switch (status) {
            case PENDING, FAILED -> "is " + status.name() + " but does not match the filter given with it";
            default -> "is " + status.name() + "; " + ONLY;
        };
    }
}
