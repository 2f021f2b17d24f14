package eventservice.operate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import eventservice.health.DependencyCheck;
import eventservice.metrics.EventMetrics;
import eventservice.query.EventQueries;
import eventservice.relay.EventRecords;
import eventservice.relay.KafkaClients;
import eventservice.store.CancelStore;
import eventservice.store.Database;
import eventservice.store.EventStore;
import eventservice.store.OverviewStore;
import eventservice.store.ReplayStore;
import io.helidon.config.Config;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The operators' commands and views beyond the relay's own (cancel, replay, overview, an event's
 * record), built from the service's parts and closed with it; both doors reach them through here.
 */
public final class Operations implements AutoCloseable {
    private final EventCancel cancel;
    private final Replays replays;
    private final ReplayWorker replayWorker;
    private final Overview overview;
    private final EventQueries queries;
    private final EventRecords records;

    /**
     * The parts the operations use.
     *
     * @param wakeRelay   tells the relay that events may have become due (a cancel freed an aggregate)
     * @param ensureTopic creates a replay's named topic when it is missing
     * @param owner       this instance's name, as the relay's
     */
    public record Parts(Database database, EventStore store, EventQueries queries, EventRecords records, EventMetrics metrics,
                        List<DependencyCheck> checks, Runnable wakeRelay, Consumer<String> ensureTopic, Config kafka,
                        String owner) {
    }

    public Operations(Parts parts, ReplaySettings replay) {
        this.cancel = new EventCancel(new CancelStore(parts.database()), parts.wakeRelay());
        ReplayStore replayStore = new ReplayStore(parts.database());
        this.replayWorker = new ReplayWorker(replayStore, parts.records(),
                                             () -> KafkaClients.producer(parts.kafka(), parts.owner() + "/replay"), replay, parts.owner(),
                                             () -> parts.metrics().publishedWithin(Duration.ofSeconds(1)));
        this.replays = new Replays(replayStore, parts.ensureTopic(), replayWorker::wake);
        this.overview = new Overview(parts.store(), new OverviewStore(parts.database()), parts.metrics(), parts.checks());
        this.queries = parts.queries();
        this.records = parts.records();
    }

    /** Starts this instance's replay worker, which takes any instance's unheld jobs. */
    public void start() {
        replayWorker.start();
    }

    public EventCancel cancel() {
        return cancel;
    }

    public Replays replays() {
        return replays;
    }

    public Overview overview() {
        return overview;
    }

    /** A Kafka record as the relay sends an event (headers' values as text; value: the payload JSON). */
    public record SentRecord(String topic, String key, Map<String, String> headers, String value) {
    }

    /** The record the relay sends (or sent) for event {@code id}, built as the relay builds it. */
    public Optional<SentRecord> record(UUID id) {
        return queries.get(id).map(event -> {
            ProducerRecord<String, byte[]> record = records.record(event);
            Map<String, String> headers = new LinkedHashMap<>();
            record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            return new SentRecord(record.topic(), record.key(), headers, event.payload());
        });
    }

    @Override
    public void close() {
        replayWorker.close();
    }
}
