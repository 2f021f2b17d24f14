package eventservice.cache;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import eventservice.config.CheckedConfig;
import eventservice.event.Event;
import eventservice.event.Json;
import io.helidon.config.Config;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Redis in front of PostgreSQL: idempotency keys and finished events. Optional and never the source
 * of truth: with REDIS_HOST empty it is off; when Redis is down or slow (a few ms time-out) every
 * call answers "miss" and the database serves, Redis is skipped for a second at a time, the outage
 * is logged once and counted, and Redis is used again as soon as it answers.
 */
public final class RedisCache implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(RedisCache.class.getName());
    private static final long RETRY_AFTER_NANOS = 1_000_000_000L;

    private final Supplier<RedisClient> connector;
    private volatile RedisClient client;
    private boolean closed;
    private final String prefix;
    private final long idempotencyTtlSeconds;
    private final long eventTtlSeconds;
    private final Counter hits = cacheCounter("hit");
    private final Counter misses = cacheCounter("miss");
    private final Counter errors = Services.get(MeterRegistry.class).getOrCreate(
            Counter.builder("events.redis.errors").description("Redis calls that failed or timed out"));
    private volatile long downUntil;
    private volatile boolean down;

    private RedisCache(Supplier<RedisClient> connector, Config redis) {
        this.connector = connector;
        // Deployments (and test databases) sharing one Redis must not see each other's keys.
        this.prefix = redis.get("key-prefix").asString().orElse("event-service") + ":";
        this.idempotencyTtlSeconds = CheckedConfig.duration(redis.get("idempotency-ttl"), Duration.ofSeconds(1),
                                                            Duration.ofHours(24)).toSeconds();
        this.eventTtlSeconds = CheckedConfig.duration(redis.get("event-ttl"), Duration.ofSeconds(1),
                                                      Duration.ofHours(1)).toSeconds();
    }

    /** A connected cache for {@code redis}; a disabled one when {@code redis.host} is empty. */
    public static RedisCache create(Config redis) {
        RedisCache cache = unconnected(redis);
        cache.connect();
        return cache;
    }

    /**
     * A cache whose client {@link #connect()} makes, which the service calls once its listeners are
     * open; until then every look-up is a miss and PostgreSQL serves. Settings are checked here.
     */
    public static RedisCache unconnected(Config redis) {
        String host = redis.get("host").asString().orElse("");
        if (host.isBlank()) {
            LOGGER.log(Level.INFO, "redis: disabled (REDIS_HOST is empty)");
            return new RedisCache(null, redis);
        }
        int timeout = CheckedConfig.atLeast(redis.get("timeout-millis"), 1, 50);
        String password = redis.get("password").asString().orElse("");
        DefaultJedisClientConfig.Builder clientConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout)
                .database((int) CheckedConfig.number(redis.get("db"), 0, 15, 0))
                .clientName("event-service");
        if (!password.isEmpty()) {
            clientConfig.password(password);
        }
        // A frozen Redis must not hold requests either: borrowing a pooled connection waits at most
        // the same few milliseconds as a command (unbounded by default).
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxWait(Duration.ofMillis(timeout));
        int size = CheckedConfig.atLeast(redis.get("pool-size"), 1, 64);
        pool.setMaxTotal(size);
        // Keep what was opened: with the default of 8 idle, connections beyond 8 are closed on return
        // and reopened under load, and a reopen slower than the timeout turned Redis "unavailable".
        pool.setMaxIdle(size);
        int port = (int) CheckedConfig.number(redis.get("port"), 1, 65535, 6379);
        return new RedisCache(() -> RedisClient.builder()
                .hostAndPort(host, port)
                .clientConfig(clientConfig.build())
                .poolConfig(pool)
                .build(), redis);
    }

    public synchronized void connect() {
        if (connector != null && client == null && !closed) {
            client = connector.get();
        }
    }

    public boolean enabled() {
        return connector != null;
    }

    /** True when Redis answers PING now (health). */
    public boolean ping() {
        return enabled() && call(c -> "PONG".equals(c.ping())).orElse(false);
    }

    /** The id of the event first stored under an idempotency key, if Redis knows it. */
    public Optional<UUID> eventIdForKey(String idempotencyKey) {
        Optional<UUID> id = call(c -> c.get(idempotencyKey(idempotencyKey))).map(UUID::fromString);
        (id.isPresent() ? hits : misses).increment();
        return id;
    }

    public void rememberKey(String idempotencyKey, UUID eventId) {
        call(c -> c.setex(idempotencyKey(idempotencyKey), idempotencyTtlSeconds, eventId.toString()));
    }

    /** A cached event. Only finished (PROCESSED) events are cached, so a copy is never stale. */
    public Optional<Event> event(UUID id) {
        Optional<Event> event = call(c -> c.get(eventKey(id))).flatMap(this::decode);
        (event.isPresent() ? hits : misses).increment();
        return event;
    }

    public void putFinished(Event event) {
        try {
            String value = Json.MAPPER.writeValueAsString(event);
            call(c -> c.setex(eventKey(event.id()), eventTtlSeconds, value));
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "event " + event.id() + " not cached: " + e.getMessage());
        }
    }

    private Optional<Event> decode(String value) {
        try {
            return Optional.of(Json.MAPPER.readValue(value, Event.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String idempotencyKey(String key) {
        return prefix + "idem:" + key;
    }

    private String eventKey(UUID id) {
        return prefix + "event:" + id;
    }

    private <T> Optional<T> call(Function<RedisClient, T> command) {
        RedisClient connected = client;
        if (connected == null || (down && System.nanoTime() < downUntil)) {
            return Optional.empty();
        }
        try {
            T result = command.apply(connected);
            if (down) {
                down = false;
                LOGGER.log(Level.INFO, "redis: reachable again; cache in use");
            }
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            errors.increment();
            downUntil = System.nanoTime() + RETRY_AFTER_NANOS;
            if (!down) {
                down = true;
                LOGGER.log(Level.WARNING, "redis: unavailable (" + e.getMessage() + "); serving from PostgreSQL");
            }
            return Optional.empty();
        }
    }

    private static Counter cacheCounter(String result) {
        return Services.get(MeterRegistry.class).getOrCreate(Counter.builder("events.cache.requests")
                .description("Redis look-ups by result").tags(List.of(Tag.create("result", result))));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
