package eventservice.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored event, as PostgreSQL holds it. {@code seq} orders events and pages. {@code topic} and
 * {@code schemaVersion} are those of its type when it was stored; both null for events stored
 * before the type registry (V7).
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
                    Integer schemaVersion) {
}
