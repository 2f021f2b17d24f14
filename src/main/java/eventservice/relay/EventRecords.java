package eventservice.relay;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import eventservice.event.Event;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An event as a Kafka record: key = aggregate_id (so an aggregate's events share a partition and
 * keep their order), value = the payload JSON, headers = our metadata plus the CloudEvents Kafka
 * binary-mode attributes, so CloudEvents SDKs read the record as it is. The topic and schema version
 * are those stored with the event (its type's when it was stored); {@code ce_dataschema} is the URI of
 * that schema version on this service ({@code service.public-url}).
 */
public final class EventRecords {
    // Header values are only read by the producer, so a record's headers can share these arrays.
    private static final byte[] CE_SPECVERSION = utf8("1.0");
    private static final byte[] JSON = utf8("application/json");
    private static final Set<String> OWN_HEADERS = Set.of("event_id", "event_type", "aggregate_id", "created_at",
            "retry_count", "schema_version", "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject",
            "ce_dataschema", "content-type");
    private final byte[] sourceBytes;
    private final String defaultTopic;
    private final Map<String, String> topicsByType;
    private final String schemaBase;

    /** {@code publicUrl}: where consumers reach this service's HTTP API (ce_dataschema points there). */
    public EventRecords(String source, String defaultTopic, Map<String, String> topicsByType, String publicUrl) {
        this.sourceBytes = utf8(source);
        this.defaultTopic = defaultTopic;
        this.topicsByType = Map.copyOf(topicsByType);
        this.schemaBase = publicUrl + "/api/v1/event-types/";
    }

    /** The configured topic of a type (kafka.topics, else kafka.topic); the registry may name another. */
    public String topicFor(String type) {
        return topicsByType.getOrDefault(type, defaultTopic);
    }

    public Set<String> topics() {
        var all = new HashSet<>(topicsByType.values());
        all.add(defaultTopic);
        return all;
    }

    public ProducerRecord<String, byte[]> record(Event event) {
        byte[] id = utf8(event.id().toString());
        byte[] type = utf8(event.type());
        byte[] aggregate = utf8(event.aggregateId());
        byte[] created = utf8(event.createdAt().toString());
        RecordHeaders headers = new RecordHeaders();
        // The caller's metadata first, except names of our own headers: ours win on a clash.
        event.metadata().forEach((k, v) -> {
            if (!OWN_HEADERS.contains(k)) {
                headers.add(k, utf8(v));
            }
        });
        headers.add("event_id", id);
        headers.add("event_type", type);
        headers.add("aggregate_id", aggregate);
        headers.add("created_at", created);
        headers.add("retry_count", utf8(Integer.toString(event.retryCount())));
        if (event.schemaVersion() != null) {
            headers.add("schema_version", utf8(event.schemaVersion().toString()));
        }
        headers.add("ce_specversion", CE_SPECVERSION);
        headers.add("ce_id", id);
        headers.add("ce_source", sourceBytes);
        headers.add("ce_type", type);
        headers.add("ce_time", created);
        headers.add("ce_subject", aggregate);
        if (event.schemaVersion() != null) {
            headers.add("ce_dataschema", utf8(schemaBase + event.type() + "/versions/" + event.schemaVersion()));
        }
        headers.add("content-type", JSON);
        String topic = event.topic() != null ? event.topic() : topicFor(event.type());
        return new ProducerRecord<>(topic, null, event.aggregateId(), utf8(event.payload()), headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
