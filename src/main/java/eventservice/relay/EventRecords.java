package eventservice.relay;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import eventservice.event.Event;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An event as a Kafka record: key = aggregate_id (so an aggregate's events share a partition and
 * keep their order), value = the payload JSON, headers = our metadata plus the CloudEvents Kafka
 * binary-mode attributes, so CloudEvents SDKs read the record as it is.
 */
public final class EventRecords {
    private final String source;
    private final String defaultTopic;
    private final Map<String, String> topicsByType;

    public EventRecords(String source, String defaultTopic, Map<String, String> topicsByType) {
        this.source = source;
        this.defaultTopic = defaultTopic;
        this.topicsByType = Map.copyOf(topicsByType);
    }

    public String topicFor(String type) {
        return topicsByType.getOrDefault(type, defaultTopic);
    }

    public java.util.Set<String> topics() {
        var all = new java.util.HashSet<>(topicsByType.values());
        all.add(defaultTopic);
        return all;
    }

    public ProducerRecord<String, byte[]> record(Event event) {
        RecordHeaders headers = new RecordHeaders();
        // The caller's metadata first, so that our own headers below win on a name clash.
        event.metadata().forEach((k, v) -> add(headers, k, v));
        String id = event.id().toString();
        String created = event.createdAt().toString();
        add(headers, "event_id", id);
        add(headers, "event_type", event.type());
        add(headers, "aggregate_id", event.aggregateId());
        add(headers, "created_at", created);
        add(headers, "retry_count", Integer.toString(event.retryCount()));
        add(headers, "ce_specversion", "1.0");
        add(headers, "ce_id", id);
        add(headers, "ce_source", source);
        add(headers, "ce_type", event.type());
        add(headers, "ce_time", created);
        add(headers, "ce_subject", event.aggregateId());
        add(headers, "content-type", "application/json");
        return new ProducerRecord<>(topicFor(event.type()), null, event.aggregateId(),
                                    event.payload().getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
