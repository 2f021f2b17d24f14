package eventservice.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scenario 4's Kafka-only baseline: the same offered load, open loop, from a producer with the
 * relay's settings (acks=all, idempotent, lz4; linger 0, since the relay flushes what it has) to
 * a consumer configured as scenario 4's, on a topic with the service's 6 partitions. It measures
 * what ProducerPerformance does not: the way from the broker's acknowledgement to a consumer.
 */
final class KafkaRoundTrip {
    private KafkaRoundTrip() {
    }

    static boolean run(Opts o, Path results) throws Exception {
        String brokers = o.str("brokers", "127.0.0.1:9092");
        String topic = o.str("topic", "bench-roundtrip");
        int aggregates = o.integer("aggregates", 100_000);
        double warmup = o.dbl("warmup", 5);
        double seconds = o.dbl("seconds", 60);
        Topics.create(brokers, topic, o.integer("partitions", 6));
        boolean ok = true;
        for (int rate : o.ints("rates", "1000,5000")) {
            ok &= once(results, brokers, topic, aggregates, rate, warmup, seconds);
        }
        return ok;
    }

    private static boolean once(Path results, String brokers, String topic, int aggregates, int rate,
                                double warmup, double seconds) throws Exception {
        System.out.printf("kafka-e2e: %d records/s for %.0f s (+%.0f s warm-up), producer → consumer, Kafka alone%n",
                rate, seconds, warmup);
        long total = (long) Math.ceil(rate * (warmup + seconds));
        long interval = (long) (1e9 / rate);
        long t0 = System.nanoTime() + 50_000_000L;
        long measureFrom = t0 + (long) (warmup * 1e9);
        ConcurrentHistogram latency = Lat.concurrent();
        AtomicLong received = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean consuming = new AtomicBoolean(true);
        KafkaConsumer<byte[], byte[]> consumer = EndToEnd.consumer(brokers);
        EndToEnd.assignAtEnd(consumer, topic);
        Thread poller = Thread.ofPlatform().name("roundtrip-consumer").start(() -> {
            try {
                while (consuming.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        long intended = ByteBuffer.wrap(r.value()).getLong();  // the intended send time, same JVM
                        received.incrementAndGet();
                        if (intended >= measureFrom) {
                            Lat.record(latency, (now - intended) / 1000);
                        }
                    }
                }
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        });
        byte[] payload = Data.payload(1).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = producer(brokers)) {
            for (long i = 0; i < total; i++) {
                long intended = t0 + i * interval;
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(Math.min(intended - now, 1_000_000));
                }
                byte[] value = payload.clone();
                ByteBuffer.wrap(value).putLong(intended);
                producer.send(new ProducerRecord<>(topic, Data.aggregate(aggregates), value), (m, e) -> {
                    if (e != null && errors.incrementAndGet() <= 3) {
                        System.err.println("kafka-e2e: send failed: " + e);
                    }
                });
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() + errors.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        consuming.set(false);
        poller.join(10_000);
        long missing = total - received.get() - errors.get();
        Map<String, Object> v = EndToEnd.latencyRow(rate, latency);
        v.put("missing", missing);
        v.put("errors", errors.get());
        Results.append(results, "kafka-e2e", "rate=" + rate, v);
        return errors.get() == 0 && missing == 0;
    }

    /** The relay's producer (application.yaml kafka.producer), without the linger its flush makes moot. */
    private static KafkaProducer<String, byte[]> producer(String brokers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
