package eventservice.event;

import java.util.Map;

/**
 * An event as a client hands it in, before validation. {@code payload} is JSON text;
 * {@code idempotencyKey} may be null.
 */
public record NewEvent(String type,
                       String aggregateId,
                       String payload,
                       Map<String, String> metadata,
                       String idempotencyKey) {

    public NewEvent {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        idempotencyKey = idempotencyKey == null || idempotencyKey.isEmpty() ? null : idempotencyKey;
    }

}
