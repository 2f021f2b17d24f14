package eventservice.types;

import java.time.Instant;

/** One version of a type's schema: JSON Schema text, never changed once stored. */
public record SchemaVersion(String name, int version, String schema, Instant createdAt) {
}
