package eventservice.store;

import java.time.Instant;

import eventservice.event.EventStatus;

/**
 * A page request: any combination of filters (null = any), after {@code afterSeq}, at most
 * {@code limit}; created_at from {@code createdAfter} (inclusive) to {@code createdBefore} (exclusive).
 */
public record EventQuery(String type, EventStatus status, String aggregateId, long afterSeq, int limit,
                         Instant createdAfter, Instant createdBefore) {

    public EventQuery(String type, EventStatus status, String aggregateId, long afterSeq, int limit) {
        this(type, status, aggregateId, afterSeq, limit, null, null);
    }
}
