package eventservice.operate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import eventservice.event.EventIds;
import eventservice.event.EventStatus;
import eventservice.event.InvalidEventException;
import eventservice.store.EventFilter;
import eventservice.store.ReplayJob;
import eventservice.store.ReplayStore;
import eventservice.types.TopicUnavailableException;

/**
 * ReplayEvents and its jobs, for both doors: PROCESSED events chosen by ids or by a filter are
 * re-published by a {@link ReplayWorker} (of whichever instance takes the job), to their own topics
 * or to a named one. Starting a job only stores it; its progress is read back from the store.
 */
public final class Replays {
    /** Ids one job may name at most. */
    public static final int MAX_IDS = 10_000;
    public static final int MAX_LISTED = 1000;
    // Kafka's own rule for topic names.
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final ReplayStore store;
    private final Consumer<String> ensureTopic;
    private final Runnable wakeWorker;

    Replays(ReplayStore store, Consumer<String> ensureTopic, Runnable wakeWorker) {
        this.store = store;
        this.ensureTopic = ensureTopic;
        this.wakeWorker = wakeWorker;
    }

    /**
     * Starts a job; with ids, each must be a PROCESSED event (or nothing starts).
     *
     * @param filter null when {@code ids} are given
     * @param topic  null or empty: each event's own topic
     */
    public ReplayJob start(List<UUID> ids, EventFilter filter, String topic, String requestedBy) {
        if (ids.isEmpty() == (filter == null)) {
            throw new InvalidEventException("ids", "give either ids or a filter");
        }
        if (ids.size() > MAX_IDS) {
            throw new InvalidEventException("ids", "at most " + MAX_IDS + " ids per replay (a filter has no limit)");
        }
        String target = topic == null || topic.isEmpty() ? null : topic;
        if (target != null && (!TOPIC.matcher(target).matches() || target.equals(".") || target.equals(".."))) {
            throw new InvalidEventException("topic", "must be a Kafka topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_', '-'");
        }
        List<UUID> distinct = List.copyOf(new LinkedHashSet<>(ids));
        if (!distinct.isEmpty()) {
            Map<UUID, EventStatus> statuses = store.statuses(distinct);
            List<String> notProcessed = new ArrayList<>();
            for (UUID id : distinct) {
                EventStatus status = statuses.get(id);
                if (status != EventStatus.PROCESSED) {
                    notProcessed.add(id + " (" + (status == null ? "not found" : status.name()) + ")");
                }
            }
            if (!notProcessed.isEmpty()) {
                throw new InvalidEventException("ids", "only PROCESSED events can be replayed; not PROCESSED: "
                        + String.join(", ", notProcessed.stream().limit(20).toList())
                        + (notProcessed.size() > 20 ? " and " + (notProcessed.size() - 20) + " more" : ""));
            }
        }
        if (target != null) {
            try {
                ensureTopic.accept(target);
            } catch (RuntimeException e) {
                throw new TopicUnavailableException("topic " + target + " could not be checked or created on Kafka; retry later", e);
            }
        }
        ReplayJob job = store.create(EventIds.next(), distinct, filter == null ? EventFilter.ANY : filter, target, requestedBy);
        wakeWorker.run();
        return job;
    }

    public Optional<ReplayJob> get(UUID id) {
        return store.find(id);
    }

    /** The newest jobs first, at most {@code limit} (0: 100). */
    public List<ReplayJob> list(int limit) {
        if (limit < 0 || limit > MAX_LISTED) {
            throw new InvalidEventException("limit", "must be from 1 to " + MAX_LISTED + " (0 or absent: 100)");
        }
        return store.list(limit == 0 ? 100 : limit);
    }

    /** Cancels a running job (sending stops after the batch under way); the job, if it exists. */
    public Optional<ReplayJob> cancel(UUID id) {
        return store.cancel(id);
    }
}
