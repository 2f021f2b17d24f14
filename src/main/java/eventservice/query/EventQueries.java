package eventservice.query;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import eventservice.cache.RedisCache;
import eventservice.config.CheckedConfig;
import eventservice.event.Event;
import eventservice.event.EventStatus;
import eventservice.event.EventValidator;
import eventservice.event.InvalidEventException;
import eventservice.store.EventFilter;
import eventservice.store.EventQuery;
import eventservice.store.EventStore;
import eventservice.store.PageToken;
import io.helidon.config.Config;

/** Reading events, for both doors: filters checked, page size bounded, keyset pages. */
public final class EventQueries {
    private final EventStore store;
    private final EventValidator validator;
    private final PageSizes pageSizes;

    private final RedisCache cache;

    /** Page sizes of {@code events.page-size}, checked on their own so that start-up can check them before connecting. */
    public record PageSizes(int defaultSize, int max) {
        public static PageSizes from(Config pageSize) {
            int defaultSize = CheckedConfig.atLeast(pageSize.get("default"), 1, 50);
            return new PageSizes(defaultSize, CheckedConfig.atLeast(pageSize.get("max"), defaultSize, Math.max(1000, defaultSize)));
        }
    }

    public EventQueries(EventStore store, EventValidator validator, RedisCache cache, PageSizes pageSizes) {
        this.store = store;
        this.cache = cache;
        this.validator = validator;
        this.pageSizes = pageSizes;
    }

    /** A page of events and the token of the next one (empty on the last page). */
    public record Page(List<Event> events, String nextPageToken) {
    }

    /** Read through Redis: finished events are served from it once read. */
    public Optional<Event> get(UUID id) {
        return cache.event(id).or(() -> {
            Optional<Event> event = store.findById(id);
            event.filter(e -> e.status() == EventStatus.PROCESSED).ifPresent(cache::putFinished);
            return event;
        });
    }

    /**
     * @param type        null or empty for any
     * @param status      null for any
     * @param aggregateId null or empty for any
     * @param pageSize    0 for the default; 1 to max; anything else is refused
     */
    public Page list(String type, EventStatus status, String aggregateId, int pageSize, String pageToken) {
        return list(new EventFilter(type, aggregateId, null, null), status, pageSize, pageToken);
    }

    /** As {@link #list(String, EventStatus, String, int, String)}, also by created_at ({@code filter}'s bounds). */
    public Page list(EventFilter filter, EventStatus status, int pageSize, String pageToken) {
        String type = filter.type();
        String aggregateId = filter.aggregateId();
        if (filter.createdAfter() != null && filter.createdBefore() != null && !filter.createdAfter().isBefore(filter.createdBefore())) {
            throw new InvalidEventException("created_before", "must be later than created_after");
        }
        if (type != null && !type.isEmpty()) {
            validator.requireType(type);
        }
        if (aggregateId != null && aggregateId.length() > EventValidator.MAX_AGGREGATE_ID) {
            throw new InvalidEventException("aggregate_id", "must be at most " + EventValidator.MAX_AGGREGATE_ID + " characters");
        }
        if (pageSize < 0 || pageSize > pageSizes.max()) {
            throw new InvalidEventException("page_size", "must be from 1 to " + pageSizes.max() + " (0 or absent: " + pageSizes.defaultSize() + ")");
        }
        int size = pageSize == 0 ? pageSizes.defaultSize() : pageSize;
        long after = PageToken.decode(pageToken);
        // One row more than asked tells whether there is a next page without a count query.
        List<Event> rows = store.page(new EventQuery(emptyToNull(type), status, emptyToNull(aggregateId), after, size + 1,
                                                     filter.createdAfter(), filter.createdBefore()));
        if (rows.size() <= size) {
            return new Page(rows, "");
        }
        List<Event> page = rows.subList(0, size);
        return new Page(List.copyOf(page), PageToken.encode(page.getLast().seq()));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
