package eventservice.store;

import eventservice.event.EventStatus;

/** A page request: any combination of filters (null = any), after {@code afterSeq}, at most {@code limit}. */
public record EventQuery(String type, EventStatus status, String aggregateId, long afterSeq, int limit) {
}
