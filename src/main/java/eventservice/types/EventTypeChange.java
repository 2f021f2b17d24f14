package eventservice.types;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A PUT of an event type, from either door: everything it is to be. {@code topic} null or empty
 * leaves the topic to kafka.topics / kafka.topic; a {@code schema} that differs from the latest
 * version becomes the next version.
 */
public record EventTypeChange(String description, String owner, String topic, Compatibility compatibility, JsonNode schema) {
}
