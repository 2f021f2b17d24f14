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
    private final EventRecords records = new EventRecords("orders-service", "events", Map.of("PAYMENT_FAILED", "payments"));

    @Test
    void ourHeadersWinANameClashAndTheCallersOthersAreKept() {
        UUID id = UUID.randomUUID();
        Event event = new Event(id, 7, "PAYMENT_FAILED", "order-1", "{\"n\":1}", EventStatus.PENDING, 2,
                Instant.parse("2026-11-28T10:15:30.123Z"), Instant.parse("2026-11-28T10:15:30.123Z"), null, null,
                Map.of("event_id", "spoofed", "ce_source", "spoofed", "trace_id", "t-1"), null);

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
        return new Event(id, 7, "ORDER_CREATED", "order-1", "{}", EventStatus.PENDING, 0, at, at, null, null, metadata, null);
    }

    private static List<String> values(ProducerRecord<String, byte[]> record, String name) {
        List<String> values = new ArrayList<>();
        for (Header h : record.headers().headers(name)) {
            values.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        return values;
    }
}
