package eventservice.types;

import java.time.Instant;

/**
 * An event type as registered: its description, owning team, topic (null: kafka.topics or
 * kafka.topic decide), compatibility mode, and its latest schema version with that schema's text.
 */
public record EventType(String name,
                        String description,
                        String owner,
                        String topic,
                        Compatibility compatibility,
                        int latestVersion,
                        String schema,
                        Instant createdAt,
                        Instant updatedAt) {
}
