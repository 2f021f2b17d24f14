package eventservice.api.http;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import eventservice.event.Event;
import eventservice.event.InvalidEventException;
import eventservice.event.Json;
import eventservice.event.NewEvent;
import eventservice.store.StoredEvent;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** The HTTP API's JSON: request bodies to {@link NewEvent}s, events to the seed's field names. */
final class JsonEvents {
    private JsonEvents() {
    }

    /** Answers with {@code body} written by the service's one JSON configuration. */
    static void send(ServerResponse response, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an answer as JSON", e);
        }
        response.status(status).header(HeaderValues.CONTENT_TYPE_JSON).send(bytes);
    }

    /** One event of a request body; {@code prefix} names its place in a batch in errors. */
    static NewEvent newEvent(JsonNode node, String idempotencyKeyHeader) {
        if (!node.isObject()) {
            throw new InvalidEventException("event", "must be a JSON object");
        }
        String bodyKey = node.hasNonNull("idempotency_key") ? text(node, "idempotency_key") : null;
        if (idempotencyKeyHeader != null && bodyKey != null && !bodyKey.equals(idempotencyKeyHeader)) {
            throw new InvalidEventException("idempotency_key", "differs from the Idempotency-Key header");
        }
        allowOnly(node, List.of("type", "aggregate_id", "payload", "metadata", "idempotency_key"));
        JsonNode payload = node.get("payload");
        String payloadText = EventBodies.payloadText(payload);
        if (payload == null || payload.isNull()) {
            payloadText = "";
        } else if (payloadText == null) {
            throw new InvalidEventException("payload", "must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = node.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new InvalidEventException("metadata", "must be a JSON object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw new InvalidEventException("metadata." + entry.getKey(), "must be a string");
                }
                metadata.put(entry.getKey(), entry.getValue().asText());
            }
        }
        String key = idempotencyKeyHeader != null ? idempotencyKeyHeader : text(node, "idempotency_key");
        return new NewEvent(text(node, "type"), text(node, "aggregate_id"), payloadText, metadata, key);
    }

    static void allowOnly(JsonNode node, List<String> fields) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!fields.contains(field)) {
                throw new InvalidEventException(field, "unknown field (allowed: " + String.join(", ", fields) + ")");
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(field, "must be a string");
        }
        return value.asText();
    }

    static int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new InvalidEventException(field, "must be a whole number");
        }
        return value.asInt();
    }

    static Map<String, Object> event(Event e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id().toString());
        out.put("type", e.type());
        out.put("aggregate_id", e.aggregateId());
        out.put("payload", new RawValue(e.payload()));  // the text as stored: as the producer sent it
        out.put("status", e.status().name());
        out.put("retry_count", e.retryCount());
        out.put("created_at", time(e.createdAt()));
        out.put("updated_at", time(e.updatedAt()));
        out.put("processed_at", time(e.processedAt()));
        out.put("last_error", e.lastError());
        out.put("metadata", e.metadata());
        out.put("idempotency_key", e.idempotencyKey());
        out.put("schema_version", e.schemaVersion());
        out.put("kafka_topic", e.delivered() == null ? null : e.delivered().topic());
        out.put("kafka_partition", e.delivered() == null ? null : e.delivered().partition());
        out.put("kafka_offset", e.delivered() == null ? null : e.delivered().offset());
        out.put("cancel_reason", e.cancellation() == null ? null : e.cancellation().reason());
        out.put("cancelled_by", e.cancellation() == null ? null : e.cancellation().by());
        out.put("cancelled_at", e.cancellation() == null ? null : time(e.cancellation().at()));
        return out;
    }

    static Map<String, Object> result(StoredEvent stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event(stored.event()));
        out.put("duplicate", stored.duplicate());
        return out;
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
