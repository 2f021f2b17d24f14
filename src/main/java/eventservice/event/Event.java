package eventservice.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored event, as PostgreSQL holds it. {@code seq} orders events and pages. {@code topic} and
 * {@code schemaVersion} are those of its type when it was stored; both null for events stored
 * before the type registry (V7). {@code delivered}: where Kafka stored its record, once acknowledged
 * (null before, and for events acknowledged before V8); {@code cancellation}: who cancelled it, if anyone.
 */
public record Event(UUID id,
                    long seq,
                    String type,
                    String aggregateId,
                    String payload,
                    EventStatus status,
                    int retryCount,
                    Instant createdAt,
                    Instant updatedAt,
                    Instant processedAt,
                    String lastError,
                    Map<String, String> metadata,
                    String idempotencyKey,
                    String topic,
                    Integer schemaVersion,
                    Delivered delivered,
                    Cancellation cancellation) {

    /** An event as stored, not yet delivered nor cancelled. */
    public Event(UUID id, long seq, String type, String aggregateId, String payload, EventStatus status, int retryCount,
                 Instant createdAt, Instant updatedAt, Instant processedAt, String lastError, Map<String, String> metadata,
                 String idempotencyKey, String topic, Integer schemaVersion) {
        this(id, seq, type, aggregateId, payload, status, retryCount, createdAt, updatedAt, processedAt, lastError, metadata,
             idempotencyKey, topic, schemaVersion, null, null);
    }

    /** Where the broker stored an acknowledged event's record. */
    public record Delivered(String topic, int partition, long offset) {
    }

    /** Why an event was cancelled, by whom (a token's name, or "anonymous") and when. */
    public record Cancellation(String reason, String by, Instant at) {
    }
}
