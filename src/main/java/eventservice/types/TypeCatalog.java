package eventservice.types;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import eventservice.event.InvalidEventException;
import eventservice.event.Json;
import eventservice.event.Printable;
import eventservice.store.Database;

/**
 * The registered event types as this instance knows them, for the checks at the door: which types
 * exist, and each one's topic, latest schema version and compiled schema. Loaded at start (after
 * registering the configured {@code events.types} not yet known, each with a permissive schema),
 * and again whenever the registry's revision moves: every instance polls that one-row number every
 * {@code events.registry-refresh} (250 ms), so a change made on any instance applies everywhere
 * within about that time, with no restart. Polling was chosen over LISTEN/NOTIFY: it needs no
 * connection of its own, works through poolers in transaction mode, and cannot miss a change
 * across a reconnect. Each version is compiled once and kept.
 */
public final class TypeCatalog implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(TypeCatalog.class.getName());

    /** What an event of a type is checked against and stored with. */
    public record Contract(String type, String topic, int version, PayloadSchema schema) {
    }

    private record State(long revision, Map<String, Contract> contracts) {
    }

    private final EventTypeStore store;
    private final Function<String, String> configuredTopic;
    private final Map<String, PayloadSchema> compiled = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile State state = new State(-1, Map.of());
    private volatile boolean failing;
    private Thread poller;

    private TypeCatalog(EventTypeStore store, Function<String, String> configuredTopic) {
        this.store = store;
        this.configuredTopic = configuredTopic;
    }

    /**
     * Registers the {@code configured} types not known yet, loads every type, and polls for changes
     * every {@code refreshEvery}. {@code configuredTopic}: a type's topic when the registry names none.
     */
    public static TypeCatalog open(Database database, List<String> configured, Function<String, String> configuredTopic,
                                   Duration refreshEvery) {
        EventTypeStore store = new EventTypeStore(database);
        if (!configured.isEmpty() && store.addMissing(configured, JsonSchemas.PERMISSIVE)) {
            LOGGER.log(Level.INFO, "event types registered from events.types: " + configured.size() + " configured");
        }
        TypeCatalog catalog = new TypeCatalog(store, configuredTopic);
        catalog.load();
        catalog.poller = Thread.ofVirtual().name("event-type-refresh").start(() -> catalog.poll(refreshEvery));
        return catalog;
    }

    EventTypeStore store() {
        return store;
    }

    public boolean exists(String type) {
        return state.contracts().containsKey(type);
    }

    /** The contract of a registered type, or null. */
    public Contract find(String type) {
        return state.contracts().get(type);
    }

    /** The contract of a registered type; {@link InvalidEventException} on the type field otherwise. */
    public Contract contract(String type) {
        Contract contract = state.contracts().get(type);
        if (contract == null) {
            throw new InvalidEventException("type", "unknown event type '" + Printable.of(type, 64) + "'");
        }
        return contract;
    }

    /** The topics the types publish to now. */
    public Set<String> topics() {
        return state.contracts().values().stream().map(Contract::topic).collect(Collectors.toSet());
    }

    /** Loads the types again, now (after a change made through this instance). */
    void load() {
        EventTypeStore.Snapshot snapshot = store.all();
        Map<String, Contract> contracts = new HashMap<>();
        for (EventType type : snapshot.types()) {
            PayloadSchema schema = compiled.computeIfAbsent(type.name() + "#" + type.latestVersion(),
                                                             key -> compile(type));
            String topic = type.topic() != null ? type.topic() : configuredTopic.apply(type.name());
            contracts.put(type.name(), new Contract(type.name(), topic, type.latestVersion(), schema));
        }
        long revision = snapshot.revision() >= 0 ? snapshot.revision() : store.revision();
        state = new State(revision, Map.copyOf(contracts));
    }

    private static PayloadSchema compile(EventType type) {
        try {
            return JsonSchemas.compile(Json.MAPPER.readTree(type.schema()));
        } catch (IOException | InvalidEventException e) {
            // Stored versions were compiled when they were put; only a change of validator could get here.
            throw new IllegalStateException("schema version " + type.latestVersion() + " of " + type.name()
                                                    + " does not compile: " + e.getMessage(), e);
        }
    }

    private void poll(Duration every) {
        try {
            while (!stopped.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    if (store.revision() != state.revision()) {
                        load();
                    }
                    if (failing) {
                        failing = false;
                        LOGGER.log(Level.INFO, "event types: registry readable again");
                    }
                } catch (RuntimeException e) {
                    if (!failing) {
                        failing = true;
                        LOGGER.log(Level.WARNING, "event types: cannot read the registry (" + e.getMessage()
                                + "); the types as last read stay in force");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        if (poller != null) {
            try {
                poller.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
