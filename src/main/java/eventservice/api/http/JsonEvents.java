package eventservice.api.http;

import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import eventservice.event.Event;
import eventservice.event.InvalidEventException;
import eventservice.event.NewEvent;
import eventservice.store.StoredEvent;

/** The HTTP API's JSON: request bodies to {@link NewEvent}s, events to the seed's field names. */
final class JsonEvents {
    static final ObjectMapper JSON = JsonMapper.builder(eventservice.event.PooledJson.factory()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonEvents() {
    }

    static JsonNode parseBody(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidEventException("body", "must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new InvalidEventException("body", "is nested too deeply");
        } catch (IOException e) {
            throw new InvalidEventException("body", "must be valid JSON");
        }
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
        String payloadText;
        if (payload == null || payload.isNull()) {
            payloadText = "";
        } else if (!payload.isObject()) {
            throw new InvalidEventException("payload", "must be a JSON object");
        } else {
            payloadText = payload.toString();
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
        out.put("payload", payload(e.payload()));
        out.put("status", e.status().name());
        out.put("retry_count", e.retryCount());
        out.put("created_at", time(e.createdAt()));
        out.put("updated_at", time(e.updatedAt()));
        out.put("processed_at", time(e.processedAt()));
        out.put("last_error", e.lastError());
        out.put("metadata", e.metadata());
        out.put("idempotency_key", e.idempotencyKey());
        return out;
    }

    static Map<String, Object> result(StoredEvent stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event(stored.event()));
        out.put("duplicate", stored.duplicate());
        return out;
    }

    private static JsonNode payload(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored payload is not JSON", e);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
