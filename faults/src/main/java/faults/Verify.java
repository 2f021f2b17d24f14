package faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The end-to-end check of one fault: waits until the relay has nothing left, then compares what
 * the clients were told (acknowledged ids) with the events table and with the whole topic
 * (read from the beginning; header event_id, key = aggregate_id, payload seq).
 */
final class Verify {
    /** Aggregates whose calls do not wait for each other (no order to check). */
    static final String UNORDERED = "unordered-";
    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");

    record Row(String id, String aggregate, int seq, String status, int retries, long dbSeq) {
    }

    record Rec(int partition, long offset, String key, String eventId, int seq, String retryHeader) {
    }

    /** What one check found. */
    static final class Outcome {
        long acked;
        long stored;
        long storedUnacked;
        long records;
        long delivered;
        long duplicates;
        long lost;
        long lostInDb;
        long lostOnKafka;
        long undelivered;
        long orderViolations;
        long dbDuplicateSeqs;
        long failedRows;
        long retriedRows;
        int maxRetry;
        long drainMillis = -1;
        final List<String> problems = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
    }

    private Verify() {
    }

    /** Waits until every row is PROCESSED (or FAILED for good); the time it took, or -1 on time-out. */
    static long awaitDrained(Db db, Duration timeout, int maxRetries) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<Object[]> r = db.query("SELECT count(*) FILTER (WHERE status <> 'PROCESSED'), "
                                            + "count(*) FILTER (WHERE status = 'FAILED' AND retry_count >= ?) FROM events", maxRetries);
                long live = ((Number) r.get(0)[0]).longValue();
                long exhausted = ((Number) r.get(0)[1]).longValue();
                if (live == exhausted) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
            } catch (IllegalStateException e) {
                // database briefly unreachable (private server restarting): try again
            }
            Procs.sleepMillis(200);
        }
        return -1;
    }

    static Outcome check(Ctx ctx, Db db, String topic, Load load, Duration drainTimeout) {
        Outcome o = new Outcome();
        o.drainMillis = awaitDrained(db, drainTimeout, 3);
        List<Row> before = rows(db);
        if (o.drainMillis < 0) {
            Map<String, Integer> byStatus = new TreeMap<>();
            before.forEach(r -> byStatus.merge(r.status(), 1, Integer::sum));
            o.problems.add("not drained within " + drainTimeout.toSeconds() + " s: " + byStatus);
        }
        List<Rec> recs = consume(ctx, topic);
        // Rows are never deleted here, so every record's row is in a snapshot taken after reading
        // the topic. Rows that appear only now were stored after the load stopped: calls the
        // clients had given up on (deadline) and the service still carried out.
        List<Row> rows = rows(db);
        Set<String> early = new HashSet<>();
        before.forEach(r -> early.add(r.id()));
        long late = rows.stream().filter(r -> !early.contains(r.id())).count();
        if (late > 0) {
            o.notes.add(late + " rows were stored after the load had stopped (calls abandoned by their clients, carried out later)");
            awaitDrained(db, drainTimeout, 3);
            recs = consume(ctx, topic);
            rows = rows(db);
        }

        Map<String, Row> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        Set<String> acked = load.distinctAcked();
        Map<String, Load.Ack> ackById = new HashMap<>();
        load.acks.forEach(a -> ackById.putIfAbsent(a.id(), a));
        Map<String, Integer> copies = new HashMap<>();
        recs.forEach(r -> copies.merge(r.eventId(), 1, Integer::sum));

        o.acked = acked.size();
        o.stored = rows.size();
        o.records = recs.size();
        o.delivered = copies.size();
        o.duplicates = o.records - o.delivered;
        o.storedUnacked = rows.stream().filter(r -> !acked.contains(r.id())).count();
        o.failedRows = rows.stream().filter(r -> r.status().equals("FAILED")).count();
        o.retriedRows = rows.stream().filter(r -> r.retries() > 0).count();
        o.maxRetry = rows.stream().mapToInt(Row::retries).max().orElse(0);

        // Lost: acknowledged but not in PostgreSQL, or not on Kafka.
        Set<String> lost = new HashSet<>();
        for (String id : acked) {
            boolean inDb = byId.containsKey(id);
            boolean onKafka = copies.containsKey(id);
            if (!inDb) {
                o.lostInDb++;
            }
            if (!onKafka) {
                o.lostOnKafka++;
            }
            if (!inDb || !onKafka) {
                lost.add(id);
            }
        }
        o.lost = lost.size();
        lost.stream().limit(5).forEach(id -> {
            Load.Ack a = ackById.get(id);
            Row r = byId.get(id);
            o.problems.add("LOST " + id + " (" + a.aggregate() + " seq " + a.seq() + "): "
                           + (r == null ? "not in the events table" : "row " + r.status() + " retry_count " + r.retries() + ", not on Kafka"));
        });
        if (o.lost > 0) {
            o.problems.add(o.lost + " acknowledged events lost (" + o.lostInDb + " missing in PostgreSQL, " + o.lostOnKafka + " missing on Kafka)");
        }
        // Everything stored must reach Kafka, acknowledged or not (a call may fail after its commit).
        List<Row> undelivered = rows.stream().filter(r -> !copies.containsKey(r.id())).toList();
        o.undelivered = undelivered.size();
        if (o.undelivered > 0) {
            o.problems.add(o.undelivered + " stored events never reached Kafka, e.g. "
                           + undelivered.stream().limit(3).map(r -> r.aggregate() + "#" + r.seq() + " " + r.status()).toList());
        }
        // Records that are not rows of this run's table.
        long strangers = copies.keySet().stream().filter(id -> !byId.containsKey(id)).count();
        if (strangers > 0) {
            o.problems.add(strangers + " records on the topic have an event_id that is not in the events table");
        }
        // One row per (aggregate, seq): the idempotency key makes a retried call land on the first row.
        Map<String, Integer> perSeq = new HashMap<>();
        rows.forEach(r -> perSeq.merge(r.aggregate() + "#" + r.seq(), 1, Integer::sum));
        o.dbDuplicateSeqs = perSeq.values().stream().filter(n -> n > 1).count();
        if (o.dbDuplicateSeqs > 0) {
            o.problems.add(o.dbDuplicateSeqs + " (aggregate, seq) pairs stored more than once despite the idempotency key");
        }
        // Stored order = creation order per aggregate (seq identity vs payload seq).
        Map<String, List<Row>> rowsByAggregate = new HashMap<>();
        rows.forEach(r -> rowsByAggregate.computeIfAbsent(r.aggregate(), k -> new ArrayList<>()).add(r));
        long storedOutOfOrder = 0;
        for (List<Row> list : rowsByAggregate.values()) {
            if (list.get(0).aggregate().startsWith(UNORDERED)) {
                continue;
            }
            list.sort(Comparator.comparingLong(Row::dbSeq));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).seq() <= list.get(i - 1).seq()) {
                    storedOutOfOrder++;
                }
            }
        }
        if (storedOutOfOrder > 0) {
            o.problems.add(storedOutOfOrder + " rows stored out of their aggregate's order");
        }
        // First delivery per aggregate in creation order; one partition per aggregate.
        Map<String, List<Rec>> recsByKey = new LinkedHashMap<>();
        recs.forEach(r -> recsByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        long mismatches = 0;
        for (Map.Entry<String, List<Rec>> e : recsByKey.entrySet()) {
            List<Rec> list = e.getValue();
            if (e.getKey().startsWith(UNORDERED)) {
                continue;
            }
            Set<Integer> partitions = new HashSet<>();
            list.forEach(r -> partitions.add(r.partition()));
            if (partitions.size() > 1) {
                o.orderViolations++;
                o.problems.add("aggregate " + e.getKey() + " on several partitions " + partitions);
                continue;
            }
            list.sort(Comparator.comparingLong(Rec::offset));
            Set<String> seen = new HashSet<>();
            int previous = 0;
            long previousOffset = -1;
            for (Rec r : list) {
                Row row = byId.get(r.eventId());
                if (row != null && (row.seq() != r.seq() || !row.aggregate().equals(r.key()))) {
                    mismatches++;
                }
                if (!seen.add(r.eventId())) {
                    continue;   // a redelivery
                }
                if (r.seq() <= previous) {
                    o.orderViolations++;
                    if (o.orderViolations <= 5) {
                        o.problems.add("OUT OF ORDER: aggregate " + e.getKey() + " seq " + r.seq() + " first delivered at offset "
                                       + r.offset() + " after seq " + previous + " (offset " + previousOffset + "), partition " + r.partition());
                    }
                }
                previous = Math.max(previous, r.seq());
                previousOffset = r.offset();
            }
        }
        if (o.orderViolations > 0) {
            o.problems.add(o.orderViolations + " first deliveries out of per-aggregate order");
        }
        if (mismatches > 0) {
            o.problems.add(mismatches + " records whose key/payload differ from their row");
        }
        if (o.duplicates > 0) {
            Map<Integer, Integer> histogram = new TreeMap<>();
            copies.values().stream().filter(n -> n > 1).forEach(n -> histogram.merge(n, 1, Integer::sum));
            o.notes.add("duplicates: " + o.duplicates + " extra records (copies→events " + histogram + ")");
        }
        if (o.storedUnacked > 0) {
            o.notes.add(o.storedUnacked + " events stored whose call was not acknowledged (failed after commit / stopped client); all delivered: "
                        + (o.undelivered == 0));
        }
        return o;
    }

    static List<Row> rows(Db db) {
        List<Row> out = new ArrayList<>();
        for (Object[] r : db.query("SELECT id::text, aggregate_id, (payload->>'seq')::int, status, retry_count, seq FROM events")) {
            out.add(new Row((String) r[0], (String) r[1], ((Number) r[2]).intValue(), (String) r[3],
                            ((Number) r[4]).intValue(), ((Number) r[5]).longValue()));
        }
        return out;
    }

    /** The whole topic, every partition from its beginning to its end. */
    static List<Rec> consume(Ctx ctx, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.kafka.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Rec> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                boolean done = true;
                for (TopicPartition tp : parts) {
                    if (consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp)) {
                        done = false;
                    }
                }
                if (done) {
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    Matcher m = SEQ.matcher(value);
                    out.add(new Rec(r.partition(), r.offset(), r.key(), header(r, "event_id"),
                                    m.find() ? Integer.parseInt(m.group(1)) : -1, header(r, "retry_count")));
                }
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
