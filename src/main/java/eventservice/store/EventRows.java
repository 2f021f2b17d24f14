package eventservice.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import eventservice.event.Event;
import eventservice.event.EventStatus;
import eventservice.event.Json;
import eventservice.event.NewEvent;
import io.helidon.dbclient.DbRow;

/** Rows of the events table to {@link Event}s, and metadata maps to and from jsonb text. */
final class EventRows {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private EventRows() {
    }

    static Event event(DbRow row) {
        return new Event(
                uuid(row.column("id").get()),
                row.column("seq").get(Long.class),
                row.column("type").get(String.class),
                row.column("aggregate_id").get(String.class),
                row.column("payload").get(String.class),
                EventStatus.valueOf(row.column("status").get(String.class)),
                row.column("retry_count").get(Integer.class),
                instant(row.column("created_at").get()),
                instant(row.column("updated_at").get()),
                instant(nullable(row, "processed_at")),
                (String) nullable(row, "last_error"),
                metadata(row.column("metadata").get(String.class)),
                (String) nullable(row, "idempotency_key"),
                (String) nullable(row, "topic"),
                (Integer) nullable(row, "schema_version"));
    }

    /** A new event as {@code db.sql.inserted-columns} answers for it; the rest is what was sent. */
    static Event inserted(DbRow row, Map<UUID, RowToInsert> sent) {
        RowToInsert r = sent.get(uuid(row.column("id").get()));
        NewEvent e = r.event();
        return new Event(r.id(), row.column("seq").get(Long.class), e.type(), e.aggregateId(), r.payload(),
                         EventStatus.valueOf(row.column("status").get(String.class)), 0,
                         instant(row.column("created_at").get()), instant(row.column("updated_at").get()), null, null,
                         e.metadata(), e.idempotencyKey(), r.topic(), r.schemaVersion());
    }

    /** An event read with {@code db.sql.event-detail-columns}: also where it went on Kafka and its cancellation. */
    static Event detailed(DbRow row) {
        Event e = event(row);
        String kafkaTopic = (String) nullable(row, "kafka_topic");
        Event.Delivered delivered = kafkaTopic == null ? null : new Event.Delivered(
                kafkaTopic, ((Number) row.column("kafka_partition").get()).intValue(),
                ((Number) row.column("kafka_offset").get()).longValue());
        Instant cancelledAt = instant(nullable(row, "cancelled_at"));
        Event.Cancellation cancellation = cancelledAt == null ? null : new Event.Cancellation(
                (String) nullable(row, "cancel_reason"), (String) nullable(row, "cancelled_by"), cancelledAt);
        return new Event(e.id(), e.seq(), e.type(), e.aggregateId(), e.payload(), e.status(), e.retryCount(), e.createdAt(),
                         e.updatedAt(), e.processedAt(), e.lastError(), e.metadata(), e.idempotencyKey(), e.topic(),
                         e.schemaVersion(), delivered, cancellation);
    }

    /**
     * An event as the relay's claim reads it: PENDING, with only the columns a record is built from
     * (updated_at given as created_at; the columns of a finished or failed event left empty): each
     * column of each row costs DbClient a metadata lookup, and claims run one at a time.
     */
    static Event claimed(DbRow row) {
        Instant createdAt = instant(row.column("created_at").get());
        return new Event(
                uuid(row.column("id").get()),
                row.column("seq").get(Long.class),
                row.column("type").get(String.class),
                row.column("aggregate_id").get(String.class),
                row.column("payload").get(String.class),
                EventStatus.PENDING,
                row.column("retry_count").get(Integer.class),
                createdAt,
                createdAt,
                null,
                null,
                metadata(row.column("metadata").get(String.class)),
                null,
                (String) nullable(row, "topic"),
                (Integer) nullable(row, "schema_version"));
    }

    static String metadataJson(Map<String, String> metadata) {
        try {
            return Json.MAPPER.writeValueAsString(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> metadata(String json) {
        if (json == null || json.equals("{}")) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(json, STRING_MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A column that may be SQL NULL (DbColumn.get() refuses those). */
    static Object nullable(DbRow row, String name) {
        return row.column(name).asOptional().orElse(null);
    }

    static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Timestamp ts -> ts.toInstant();
            case OffsetDateTime odt -> odt.toInstant();
            case Instant i -> i;
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }
}
