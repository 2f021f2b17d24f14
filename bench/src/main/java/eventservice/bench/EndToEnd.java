package eventservice.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventResponse;
import io.grpc.Status;
import org.HdrHistogram.ConcurrentHistogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Scenarios 4 and 5: a fixed offered load, open loop. Event i is due at {@code t0 + i / rate}; its
 * latency runs from that intended time (so a stalled service cannot hide its queue: no coordinated
 * omission) to a Kafka consumer receiving the record, matched by its {@code event_id} header.
 * Meanwhile the service's RSS and CPU time are sampled from /proc.
 */
final class EndToEnd {
    /** What one side saw first (the sender: intended send time and answer time); the other side completes the pair. */
    private record Half(boolean fromSender, long nanos, long answered) {
    }

    private final Map<String, Half> pending = new ConcurrentHashMap<>();
    private final ConcurrentHistogram e2e = Lat.concurrent();
    private final ConcurrentHistogram ack = Lat.concurrent();
    // From the answer to the consumer's receipt (0 when the record came first): the relay's share,
    // apart from the commit that both wait for.
    private final ConcurrentHistogram afterAnswer = Lat.concurrent();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final Map<String, Long> measured = new ConcurrentHashMap<>();  // id → intended time, measured window only
    private volatile long measureFrom;
    // Per second of the measured window, the worst answer and the worst delivery (µs): when a stall happened.
    private final AtomicLongArray worstAck = new AtomicLongArray(3600);
    private final AtomicLongArray worstE2e = new AtomicLongArray(3600);
    private final long wallAtNano = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    static boolean run(Opts o, Path results) throws Exception {
        boolean ok = true;
        try (Autovacuum autovacuum = new Autovacuum(o, o.str("db", "event_bench"))) {
            for (int rate : o.ints("rates", "1000,5000")) {
                ok &= new EndToEnd().once(o, results, rate);
            }
        }
        return ok;
    }

    private boolean once(Opts o, Path results, int rate) throws Exception {
        String host = o.str("host", "127.0.0.1");
        int port = o.integer("grpc-port", 30256);
        String brokers = o.str("brokers", "127.0.0.1:9092");
        String topic = o.str("topic", "bench-events");
        String db = o.str("db", "event_bench");
        int aggregates = o.integer("aggregates", 100_000);
        double warmup = o.dbl("warmup", 5);
        double seconds = o.dbl("seconds", 60);
        long servicePid = o.lng("service-pid", -1);
        long brokerPid = o.lng("broker-pid", -1);
        long maxInFlight = o.lng("max-in-flight", 50_000);
        System.out.printf("e2e: %d events/s offered for %.0f s (+%.0f s warm-up), PublishEvent → Kafka consumer%n",
                rate, seconds, warmup);

        PublishEventRequest[] requests = new PublishEventRequest[4096];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = Data.request(i, aggregates);
        }
        AtomicBoolean consuming = new AtomicBoolean(true);
        KafkaConsumer<byte[], byte[]> consumer = consumer(brokers);
        List<TopicPartition> partitions = assignAtEnd(consumer, topic);
        Thread poller = Thread.ofPlatform().name("e2e-consumer").start(() -> {
            try {
                while (consuming.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        Header h = r.headers().lastHeader("event_id");
                        if (h != null) {
                            pair(new String(h.value(), StandardCharsets.UTF_8), false, now, 0);
                        }
                    }
                }
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        });

        long total = (long) Math.ceil(rate * (warmup + seconds));
        long interval = (long) (1e9 / rate);
        double cpu0 = 0;
        double brokerCpu0 = 0;
        Map<Long, Double> pgCpu0 = Map.of();
        double rssMax = 0;
        long nextSample = 0;
        try (Grpc grpc = new Grpc(host, port, 2)) {
            long t0 = System.nanoTime() + 50_000_000L;
            measureFrom = t0 + (long) (warmup * 1e9);
            boolean measuring = false;
            for (long i = 0; i < total; i++) {
                long intended = t0 + i * interval;
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(Math.min(intended - now, 1_000_000));
                }
                if (!measuring && intended >= measureFrom) {
                    measuring = true;
                    cpu0 = Proc.cpuSeconds(servicePid, false);
                    brokerCpu0 = Proc.cpuSeconds(brokerPid, false);
                    pgCpu0 = Proc.postgresBackends(db);
                }
                if (measuring && now >= nextSample) {
                    rssMax = Math.max(rssMax, Proc.rssMiB(servicePid, false));
                    nextSample = now + 500_000_000L;
                }
                if (inFlight.get() > maxInFlight) {
                    System.err.println("e2e: more than " + maxInFlight + " events unanswered or unconsumed; the service cannot keep up");
                    errors.incrementAndGet();
                    break;
                }
                // payloads from a small prebuilt set, aggregates drawn afresh: cycling through 4 096
                // prebuilt requests made a lag of 4 s hold back every new event behind its aggregate's last
                send(grpc, requests[(int) (i & 4095)].toBuilder().setAggregateId(Data.aggregate(aggregates)).build(), intended);
            }
            // every answer, then every record
            long deadline = System.nanoTime() + (long) (o.dbl("drain-timeout", 60) * 1e9);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
                rssMax = Math.max(rssMax, Proc.rssMiB(servicePid, false));
            }
        }
        double cpu1 = Proc.cpuSeconds(servicePid, false);
        double brokerCpu1 = Proc.cpuSeconds(brokerPid, false);
        Map<Long, Double> pgCpu1 = Proc.postgresBackends(db);
        consuming.set(false);
        poller.join(10_000);

        long measuredEvents = e2e.getTotalCount();
        long missing = measured.size();  // acknowledged in the window, never seen on the topic
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("rate", rate);
        v.put("seconds", seconds);
        v.put("events", measuredEvents);
        v.put("events_per_s", measuredEvents / seconds);
        v.putAll(Lat.summary(e2e));
        v.put("missing", missing);
        v.put("errors", errors.get());
        v.put("partitions", partitions.size());
        Results.append(results, "e2e", "rate=" + rate, v);

        appendLatencies(results, "e2e-ack", rate, ack);
        appendLatencies(results, "e2e-after-answer", rate, afterAnswer);
        printStalls(seconds);

        double per100k = measuredEvents == 0 ? Double.NaN : 100_000.0 / measuredEvents;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("rate", rate);
        f.put("events", measuredEvents);
        f.put("rss_mib", Proc.rssMiB(servicePid, false));
        f.put("rss_max_mib", rssMax);
        f.put("rss_peak_mib", Proc.rssMiB(servicePid, true));
        f.put("cpu_s", cpu1 - cpu0);
        f.put("cpu_s_per_100k", (cpu1 - cpu0) * per100k);
        f.put("cpu_util", (cpu1 - cpu0) / seconds);
        f.put("broker_cpu_s_per_100k", (brokerCpu1 - brokerCpu0) * per100k);
        f.put("postgres_cpu_s_per_100k", Proc.delta(pgCpu0, pgCpu1) * per100k);
        Results.append(results, "footprint", "rate=" + rate, f);

        boolean ok = errors.get() == 0 && missing == 0 && measuredEvents > 0;
        if (missing > 0) {
            System.err.println("e2e: " + missing + " acknowledged events had not reached the consumer "
                    + o.dbl("drain-timeout", 60) + " s after the last send");
        }
        return ok;
    }

    private void send(Grpc grpc, PublishEventRequest request, long intended) {
        inFlight.incrementAndGet();
        ListenableFuture<PublishEventResponse> f;
        try {
            f = grpc.stub((int) intended).publishEvent(request);
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        f.addListener(() -> {
            long now = System.nanoTime();
            try {
                String id = f.get().getEvent().getId();
                acked.incrementAndGet();
                if (intended >= measureFrom) {
                    Lat.record(ack, (now - intended) / 1000);
                    worst(worstAck, intended, (now - intended) / 1000);
                    measured.put(id, intended);
                }
                pair(id, true, intended, now);
            } catch (ExecutionException e) {
                failed(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, MoreExecutors.directExecutor());
    }

    private void worst(AtomicLongArray worst, long intended, long micros) {
        int second = (int) ((intended - measureFrom) / 1_000_000_000L);
        if (second >= 0 && second < worst.length()) {
            worst.accumulateAndGet(second, micros, Math::max);
        }
    }

    private static void appendLatencies(Path results, String step, int rate, org.HdrHistogram.AbstractHistogram h) {
        Results.append(results, step, "rate=" + rate, latencyRow(rate, h));
    }

    /** A result row of latencies at an offered rate: rate, events, then {@link Lat#summary}; callers may add to it. */
    static Map<String, Object> latencyRow(int rate, org.HdrHistogram.AbstractHistogram h) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("rate", rate);
        row.put("events", h.getTotalCount());
        row.putAll(Lat.summary(h));
        return row;
    }

    /** The seconds whose worst answer or delivery took over 50 ms, with the wall-clock time, to match against server logs. */
    private void printStalls(double seconds) {
        java.time.format.DateTimeFormatter hms = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
        StringBuilder out = new StringBuilder();
        for (int s = 0; s < Math.min(worstAck.length(), (int) Math.ceil(seconds)); s++) {
            if (worstAck.get(s) > 50_000 || worstE2e.get(s) > 50_000) {
                long wallMillis = (measureFrom + s * 1_000_000_000L + wallAtNano) / 1_000_000L;
                out.append(String.format(" %s (+%d s): answer %d ms, delivery %d ms;", hms.format(java.time.Instant.ofEpochMilli(wallMillis)),
                        s, worstAck.get(s) / 1000, worstE2e.get(s) / 1000));
            }
        }
        System.out.println("  seconds with an answer or a delivery over 50 ms (UTC, by intended send time):"
                + (out.isEmpty() ? " none" : out.toString()));
    }

    private void failed(Throwable e) {
        inFlight.decrementAndGet();
        if (errors.incrementAndGet() <= 3) {
            System.err.println("e2e: publish failed: " + Status.fromThrowable(e));
        }
    }

    /** The sender's answer (intended send time) or the consumer's record (receive time), whichever comes second completes it. */
    private void pair(String id, boolean fromSender, long nanos, long answered) {
        Half[] done = new Half[1];
        pending.compute(id, (k, other) -> {
            if (other == null) {
                return new Half(fromSender, nanos, answered);
            }
            if (other.fromSender() == fromSender) {
                return other;  // a redelivered record: at least once
            }
            done[0] = other;
            return null;
        });
        if (done[0] != null) {
            long intended = fromSender ? nanos : done[0].nanos();
            long received = fromSender ? done[0].nanos() : nanos;
            long answerTime = fromSender ? answered : done[0].answered();
            matched.incrementAndGet();
            inFlight.decrementAndGet();
            if (measured.remove(id) != null) {
                Lat.record(e2e, Math.max(0, received - intended) / 1000);
                Lat.record(afterAnswer, Math.max(0, received - answerTime) / 1000);
                worst(worstE2e, intended, Math.max(0, received - intended) / 1000);
            }
        }
    }

    static KafkaConsumer<byte[], byte[]> consumer(String brokers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p);
    }

    /** All partitions of the topic (the service created it at start), from their current end. */
    static List<TopicPartition> assignAtEnd(KafkaConsumer<byte[], byte[]> consumer, String topic)
            throws InterruptedException {
        List<PartitionInfo> infos = List.of();
        for (int i = 0; i < 100 && infos.isEmpty(); i++) {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null) {
                infos = List.of();
            }
            if (infos.isEmpty()) {
                Thread.sleep(100);
            }
        }
        if (infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions");
        }
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo pi : infos) {
            tps.add(new TopicPartition(topic, pi.partition()));
        }
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        for (TopicPartition tp : tps) {
            consumer.position(tp, Duration.ofSeconds(10));  // resolve the end offsets now, before any event is sent
        }
        return tps;
    }
}
