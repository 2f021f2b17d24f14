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
 * binary-mode attributes, so CloudEvents SDKs read the record as it is.
 */
public final class EventRecords {
    // Header values are only read by the producer, so a record's headers can share these arrays.
    private static final byte[] CE_SPECVERSION = utf8("1.0");
    private static final byte[] JSON = utf8("application/json");
    private static final Set<String> OWN_HEADERS = Set.of("event_id", "event_type", "aggregate_id", "created_at",
            "retry_count", "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "content-type");
    private final byte[] sourceBytes;
    private final String defaultTopic;
    private final Map<String, String> topicsByType;

    public EventRecords(String source, String defaultTopic, Map<String, String> topicsByType) {
        this.sourceBytes = utf8(source);
        this.defaultTopic = defaultTopic;
        this.topicsByType = Map.copyOf(topicsByType);
    }

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
        headers.add("ce_specversion", CE_SPECVERSION);
        headers.add("ce_id", id);
        headers.add("ce_source", sourceBytes);
        headers.add("ce_type", type);
        headers.add("ce_time", created);
        headers.add("ce_subject", aggregate);
        headers.add("content-type", JSON);
        return new ProducerRecord<>(topicFor(event.type()), null, event.aggregateId(), utf8(event.payload()), headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
