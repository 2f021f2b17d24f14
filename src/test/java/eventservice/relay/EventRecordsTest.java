package eventservice.relay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import eventservice.event.Event;
import eventservice.event.EventStatus;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** What a record carries: the caller's metadata as headers, our own headers winning a name clash. */
class EventRecordsTest {
    private final EventRecords records = new EventRecords("orders-service", "events", Map.of("PAYMENT_FAILED", "payments"),
                                                            "https://events.example.com");

    @Test
    void ourHeadersWinANameClashAndTheCallersOthersAreKept() {
        UUID id = UUID.randomUUID();
        Event event = new Event(id, 7, "PAYMENT_FAILED", "order-1", "{\"n\":1}", EventStatus.PENDING, 2,
                Instant.parse("2026-11-28T10:15:30.123Z"), Instant.parse("2026-11-28T10:15:30.123Z"), null, null,
                Map.of("event_id", "spoofed", "ce_source", "spoofed", "trace_id", "t-1"), null, null, null);

        ProducerRecord<String, byte[]> record = records.record(event);

        assertThat(record.topic(), is("payments"));
        assertThat(record.key(), is("order-1"));
        assertThat(new String(record.value(), StandardCharsets.UTF_8), is("{\"n\":1}"));
        assertThat(values(record, "event_id"), contains(id.toString()));
        assertThat(values(record, "ce_id"), contains(id.toString()));
        assertThat(values(record, "ce_source"), contains("orders-service"));
        assertThat(values(record, "trace_id"), contains("t-1"));
        assertThat(values(record, "retry_count"), contains("2"));
        assertThat(values(record, "created_at"), contains("2026-11-28T10:15:30.123Z"));
        assertThat(values(record, "ce_time"), contains("2026-11-28T10:15:30.123Z"));
        assertThat(values(record, "ce_subject"), contains("order-1"));
        assertThat(values(record, "content-type"), contains("application/json"));
        assertThat("stored before the registry: no schema version to name", values(record, "schema_version"), is(List.of()));
        assertThat(values(record, "ce_dataschema"), is(List.of()));
    }

    @Test
    void theTopicAndSchemaVersionAreThoseStoredWithTheEvent() {
        // ORDER_CREATED is configured for "events"; the registry had it go to orders-v2, version 3, when stored.
        ProducerRecord<String, byte[]> record = records.record(event(Map.of()));

        assertThat(record.topic(), is("orders-v2"));
        assertThat(values(record, "schema_version"), contains("3"));
        assertThat(values(record, "ce_dataschema"),
                   contains("https://events.example.com/api/v1/event-types/ORDER_CREATED/versions/3"));
    }

    @Test
    void noHeaderOfOursCanBeRepeatedByTheCallersMetadata() {
        // The names our record sets, read off a record without metadata: a header added to the
        // record but not to the names skipped in the metadata would show up twice here.
        Event plain = event(Map.of());
        Set<String> ours = new TreeSet<>();
        records.record(plain).headers().forEach(h -> ours.add(h.key()));
        Map<String, String> spoofing = new HashMap<>();
        ours.forEach(name -> spoofing.put(name, "spoofed"));

        ProducerRecord<String, byte[]> record = records.record(event(spoofing));

        for (String name : ours) {
            assertThat(name, values(record, name), contains(values(records.record(plain), name).getFirst()));
        }
    }

    private static Event event(Map<String, String> metadata) {
        UUID id = UUID.fromString("01a224c9-cb69-7155-97b1-5a8baf3fbdf8");
        Instant at = Instant.parse("2026-11-28T10:15:30.123Z");
        return new Event(id, 7, "ORDER_CREATED", "order-1", "{}", EventStatus.PENDING, 0, at, at, null, null, metadata, null,
                         "orders-v2", 3);
    }

    private static List<String> values(ProducerRecord<String, byte[]> record, String name) {
        List<String> values = new ArrayList<>();
        for (Header h : record.headers().headers(name)) {
            values.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        return values;
    }
}
