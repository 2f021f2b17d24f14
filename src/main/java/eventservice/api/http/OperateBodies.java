package eventservice.api.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import eventservice.event.EventIds;
import eventservice.event.EventStatus;
import eventservice.event.InvalidEventException;
import eventservice.store.EventFilter;

/** The members shared by the operators' commands: ids, a filter of events, times. */
final class OperateBodies {
    private OperateBodies() {
    }

    /** A filter and, when {@code statuses} allows one, its status. */
    record Filter(EventFilter events, EventStatus status) {
    }

    /** {@code ids}: absent or null is empty; otherwise an array of event ids. */
    static List<UUID> ids(JsonNode body) {
        List<UUID> ids = new ArrayList<>();
        JsonNode node = body.get("ids");
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray()) {
            throw new InvalidEventException("ids", "must be an array of event ids");
        }
        for (JsonNode id : node) {
            if (!id.isTextual()) {
                throw new InvalidEventException("ids", "must be an array of event ids (strings)");
            }
            ids.add(EventIds.parse("ids", id.asText()));
        }
        return ids;
    }

    /** {@code filter}: null when absent; {@code statuses}: the statuses it may name (none: no status member). */
    static Filter filter(JsonNode body, Set<EventStatus> statuses) {
        JsonNode node = body.get("filter");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidEventException("filter", "must be a JSON object");
        }
        List<String> allowed = new ArrayList<>(List.of("event_type", "aggregate_id", "created_after", "created_before"));
        if (!statuses.isEmpty()) {
            allowed.add("status");
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new InvalidEventException("filter." + field, "unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
        EventStatus status = null;
        String statusText = text(node, "status");
        String type = text(node, "event_type");
        String aggregate = text(node, "aggregate_id");
        if (statusText != null) {
            try {
                status = EventStatus.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                status = null;
            }
            if (status == null || !statuses.contains(status)) {
                throw new InvalidEventException("filter.status", "must be one of "
                        + String.join(", ", statuses.stream().map(Enum::name).sorted().toList()));
            }
        }
        Instant after = time(node, "created_after", "filter.");
        Instant before = time(node, "created_before", "filter.");
        if (after != null && before != null && !after.isBefore(before)) {
            throw new InvalidEventException("filter.created_before", "must be later than filter.created_after");
        }
        return new Filter(new EventFilter(type, aggregate, after, before), status);
    }

    /** A string member; null when absent, null or empty. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(field, "must be a string");
        }
        return value.asText().isEmpty() ? null : value.asText();
    }

    /** An ISO-8601 instant with its offset, e.g. 2026-12-07T10:00:00Z. */
    static Instant time(JsonNode node, String field, String prefix) {
        String text = text(node, field);
        return text == null ? null : instant(prefix + field, text);
    }

    static Instant instant(String field, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field, "must be an ISO-8601 time with its offset, e.g. 2026-12-07T10:00:00Z");
        }
    }
}
