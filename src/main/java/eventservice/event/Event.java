package eventservice.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored event, as PostgreSQL holds it. {@code seq} orders events and pages. */
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
                    String idempotencyKey) {
}
