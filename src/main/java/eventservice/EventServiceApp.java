package eventservice;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import eventservice.api.grpc.EventGrpcService;
import eventservice.api.grpc.EventTypeGrpcService;
import eventservice.api.http.EventHttpService;
import eventservice.api.http.EventTypeHttpService;
import eventservice.api.http.OperateHttpService;
import eventservice.cache.RedisCache;
import eventservice.config.CheckedConfig;
import eventservice.metrics.EventMetrics;
import eventservice.operate.Operations;
import eventservice.operate.ReplaySettings;
import eventservice.event.EventValidator;
import eventservice.health.DependencyCheck;
import eventservice.ingest.EventIngest;
import eventservice.ingest.GroupCommit;
import eventservice.query.EventQueries;
import eventservice.relay.EventRecords;
import eventservice.relay.Handover;
import eventservice.relay.KafkaAdmin;
import eventservice.relay.KafkaClients;
import eventservice.relay.Relay;
import eventservice.relay.RelayCommands;
import eventservice.relay.RelayLauncher;
import eventservice.relay.RelaySettings;
import eventservice.retention.RetentionJob;
import eventservice.security.Access;
import eventservice.store.Database;
import eventservice.store.DeliveryState;
import eventservice.store.EventStore;
import eventservice.types.EventTypeRegistry;
import eventservice.types.TypeCatalog;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The service's parts, built from configuration in dependency order and closed in reverse:
 * database, event types, ingest, Kafka, relay. {@link #open} makes what the first answer needs;
 * {@link #startBackground} the rest (Kafka's clients, the relay, Redis, retention, metrics
 * sampling), which Main calls once the listeners are open and the tests at once ({@link #start}).
 */
public final class EventServiceApp implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(EventServiceApp.class.getName());

    private final Config config;
    private final Database database;
    private final EventStore store;
    private final TypeCatalog types;
    private final EventTypeRegistry registry;
    private final Access access;
    private final RedisCache cache;
    private final EventMetrics metrics;
    private final GroupCommit groupCommit;
    private final EventIngest ingest;
    private final EventQueries queries;
    private final Config kafkaConfig;
    private final String owner;
    private final KafkaAdmin kafkaAdmin;
    private volatile KafkaProducer<String, byte[]> producer;
    private final Relay relay;
    private final RelayLauncher relayLauncher;
    private final RelayCommands relayCommands;
    private final RetentionJob retention;
    private final Operations operations;
    private final List<DependencyCheck> checks;
    private final long maxBodyBytes;
    private final boolean relayEnabled;
    private final boolean retentionEnabled;
    private boolean started;
    private boolean closed;

    private EventServiceApp(Config config) {
        long began = System.nanoTime();
        this.config = config;
        // First, every setting: a wrong value stops start-up before any connection is made (and
        // before a missing database is created or migrated).
        RelaySettings relaySettings = RelaySettings.from(config.get("relay"));
        EventValidator configured = EventValidator.create(config.get("events"));
        Duration registryRefresh = CheckedConfig.duration(config.get("events.registry-refresh"), Duration.ofMillis(10),
                                                          Duration.ofMillis(250));
        this.access = Access.create(config.get("security"));
        Duration metricsInterval = CheckedConfig.duration(config.get("metrics.sample-interval"), Duration.ofMillis(1),
                                                          Duration.ofSeconds(5));
        int writers = CheckedConfig.atLeast(config.get("ingest.writers"), 1, 4);
        int maxGroup = CheckedConfig.atLeast(config.get("ingest.max-group"), 1, 500);
        int maxQueued = CheckedConfig.atLeast(config.get("ingest.max-queued"), 1, 4000);
        int maxBatch = CheckedConfig.atLeast(config.get("events.max-batch-size"), 1, 1000);
        EventQueries.PageSizes pageSizes = EventQueries.PageSizes.from(config.get("events.page-size"));
        RetentionJob.Settings retentionSettings = RetentionJob.Settings.from(config.get("retention"));
        ReplaySettings replaySettings = ReplaySettings.from(config.get("replay"));
        this.maxBodyBytes = CheckedConfig.number(config.get("http.max-body-bytes"), 1, Long.MAX_VALUE, 16L * 1024 * 1024);
        String serviceName = serviceName(config);
        Config kafka = config.get("kafka");
        long deliveryTimeout = CheckedConfig.number(kafka.get("producer.delivery.timeout.ms"), 0, Integer.MAX_VALUE, 120_000L);
        int partitions = CheckedConfig.atLeast(kafka.get("partitions"), 1, 6);
        short replication = (short) CheckedConfig.number(kafka.get("replication-factor"), 1, Short.MAX_VALUE, 1);
        // Its own keys are checked here; its client is made in the background.
        RedisCache redisCache = RedisCache.unconnected(redisConfig(config));
        EventRecords records = new EventRecords(serviceName, kafka.get("topic").asString().orElse("ecommerce-events"),
                                                kafka.get("topics").detach().asMap().orElseGet(Map::of), publicUrl(config));
        this.owner = serviceName + "@" + ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        if (deliveryTimeout >= relaySettings.lease().toMillis()) {
            // A send still pending when its lease runs out may be retaken and sent by another instance.
            LOGGER.log(Level.WARNING, "kafka.producer.delivery.timeout.ms (" + deliveryTimeout + ") should be below relay.lease ("
                    + relaySettings.lease().toMillis() + " ms)");
        }

        this.database = Database.open(config.get("db"));
        try {
            this.types = TypeCatalog.open(database, configured.configuredTypes(), records::topicFor, registryRefresh);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        EventValidator validator = configured.knowing(types::exists);
        this.store = new EventStore(database);
        this.cache = redisCache;
        this.metrics = new EventMetrics(store, metricsInterval);
        Handover handover = new Handover(relaySettings, owner);
        this.groupCommit = new GroupCommit(store, writers, maxGroup, maxQueued, handover);
        this.ingest = new EventIngest(validator, types, store, groupCommit, cache, metrics, maxBatch, handover);
        this.queries = new EventQueries(store, validator, cache, pageSizes);
        // Kafka's clients are made by startBackground: until then the broker is DOWN in /health and
        // events are stored PENDING, as when it is away.
        this.kafkaConfig = kafka;
        this.kafkaAdmin = KafkaAdmin.unconnected(kafka);
        this.registry = new EventTypeRegistry(types, topic -> kafkaAdmin.ensureTopics(Set.of(topic), partitions, replication));
        DeliveryState deliveryState = new DeliveryState(database);
        this.relay = new Relay(relaySettings, deliveryState, () -> producer, records, kafkaAdmin, handover, metrics);
        Set<String> topics = new HashSet<>(records.topics());
        topics.addAll(types.topics());
        this.relayLauncher = new RelayLauncher(kafkaAdmin, relay, topics, partitions, replication, Duration.ofSeconds(2));
        this.relayCommands = new RelayCommands(relay, deliveryState);
        this.retention = new RetentionJob(store, retentionSettings);
        this.checks = checks(store, kafkaAdmin, cache);
        this.operations = new Operations(new Operations.Parts(database, store, queries, records, metrics, checks, handover::committed,
                topic -> kafkaAdmin.ensureTopics(Set.of(topic), partitions, replication), kafka, owner), replaySettings);
        this.relayEnabled = relaySettings.enabled();
        this.retentionEnabled = config.get("retention.enabled").asBoolean().orElse(true);
        LOGGER.log(Level.INFO, "parts for the first answer ready in " + (System.nanoTime() - began) / 1_000_000 + " ms");
    }

    private static List<DependencyCheck> checks(EventStore store, KafkaAdmin kafkaAdmin, RedisCache cache) {
        List<DependencyCheck> checks = new ArrayList<>();
        checks.add(new DependencyCheck("postgresql", true, store::ping));
        checks.add(new DependencyCheck("kafka", true, () -> kafkaAdmin.reachable(2000)));
        if (cache.enabled()) {
            checks.add(new DependencyCheck("redis", false, cache::ping));
        }
        return List.copyOf(checks);
    }

    /** Redis keys are namespaced by service and database, unless redis.key-prefix says otherwise. */
    private static Config redisConfig(Config config) {
        Config redis = config.get("redis");
        if (redis.get("key-prefix").exists()) {
            return redis;
        }
        String prefix = serviceName(config) + ":"
                + config.get("db.host").asString().orElse("localhost") + ":" + config.get("db.port").asInt().orElse(5432)
                + "/" + config.get("db.name").asString().orElse("event_db");
        // Under the root, so that a wrong redis.* value is reported by its full key.
        return Config.just(ConfigSources.create(Map.of("redis.key-prefix", prefix)), ConfigSources.create(config)).get("redis");
    }

    private static String serviceName(Config config) {
        return config.get("service.name").asString().orElse("event-service");
    }

    /**
     * Where consumers reach the HTTP API (service.public-url, PUBLIC_URL): records name their schema
     * version by a URL there. By default this host's name is unknown to them, so localhost and PORT.
     */
    private static String publicUrl(Config config) {
        String url = config.get("service.public-url").asString().orElse("");
        if (!url.isEmpty()) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        return "http://localhost:" + config.get("server.sockets.0.port").asInt().orElse(3007);
    }

    /** Builds every part and starts them; the relay starts as soon as its topics are checked. */
    public static EventServiceApp start(Config config) {
        EventServiceApp app = open(config);
        app.startBackground();
        return app;
    }

    /** Builds what answering needs: settings checked, database connected and migrated, event types read. */
    public static EventServiceApp open(Config config) {
        return new EventServiceApp(config);
    }

    /**
     * Makes Kafka's clients and Redis's, and starts the relay (once its topics are checked: at once
     * when Kafka answers), retention and metrics sampling. Nothing here is needed to store an event.
     */
    public synchronized void startBackground() {
        if (started || closed) {
            return;
        }
        started = true;
        long began = System.nanoTime();
        producer = KafkaClients.producer(kafkaConfig, owner);
        kafkaAdmin.connect();
        if (relayEnabled) {
            relayLauncher.start();
        }
        cache.connect();
        if (retentionEnabled) {
            retention.start();
        }
        metrics.startSampling();
        operations.start();
        LOGGER.log(Level.INFO, "Kafka and Redis clients made, relay launched in " + (System.nanoTime() - began) / 1_000_000 + " ms");
    }

    public String serviceName() {
        return serviceName(config);
    }

    public EventGrpcService grpcService() {
        return new EventGrpcService(ingest, queries, relayCommands, operations);
    }

    public EventHttpService httpService() {
        return new EventHttpService(ingest, queries, relayCommands, maxBodyBytes, access);
    }

    public OperateHttpService operateHttpService() {
        return new OperateHttpService(operations, maxBodyBytes, access);
    }

    public EventTypeGrpcService eventTypeGrpcService() {
        return new EventTypeGrpcService(registry);
    }

    public EventTypeHttpService eventTypeHttpService() {
        return new EventTypeHttpService(registry, maxBodyBytes, access);
    }

    public Access access() {
        return access;
    }

    public List<DependencyCheck> checks() {
        return checks;
    }

    public EventIngest ingest() {
        return ingest;
    }

    /** True once the relay runs (it waits for Kafka to answer the topic check). */
    public boolean awaitRelay(Duration timeout) throws InterruptedException {
        return relayLauncher.awaitStarted(timeout);
    }

    /** Stops in reverse order: no new events, relay drained and claims returned, producer flushed, pool closed. */
    @Override
    public synchronized void close() {
        closed = true;
        retention.close();
        operations.close();
        groupCommit.close();
        relayLauncher.close();
        relay.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        kafkaAdmin.close();
        metrics.close();
        cache.close();
        types.close();
        database.close();
        LOGGER.log(Level.INFO, "stopped");
    }
}
