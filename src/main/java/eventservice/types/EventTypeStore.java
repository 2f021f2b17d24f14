package eventservice.types;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import eventservice.store.Database;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

/**
 * The registry's tables (V7) through the named statements of {@code db.statements}. Every change
 * takes the registry's lock first (raising its revision), so changes are made one at a time and
 * each decision is taken on the type as it is then.
 */
final class EventTypeStore {
    private final Database database;
    private final DbClient db;

    EventTypeStore(Database database) {
        this.database = database;
        this.db = database.client();
    }

    /** The types with their latest versions, at one revision. */
    record Snapshot(long revision, List<EventType> types) {
    }

    /** What a PUT stores: the type's fields, and a new schema version's text (null: no new version). */
    record Plan(String description, String owner, String topic, Compatibility compatibility, String newSchema) {
    }

    long revision() {
        return database.call(() -> db.execute().namedGet("event-type-revision")
                .map(r -> r.column("revision").get(Long.class)).orElse(0L));
    }

    Snapshot all() {
        return database.call(() -> {
            long revision = -1;
            List<EventType> types = new ArrayList<>();
            try (Stream<DbRow> rows = db.execute().namedQuery("select-event-types")) {
                for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                    revision = row.column("revision").get(Long.class);
                    types.add(type(row));
                }
            }
            return new Snapshot(revision, List.copyOf(types));
        });
    }

    Optional<EventType> find(String name) {
        return database.call(() -> find(db.execute(), name));
    }

    Optional<SchemaVersion> version(String name, int version) {
        return database.call(() -> db.execute().namedGet("select-schema-version", name, version)
                .map(r -> new SchemaVersion(r.column("type_name").get(String.class), r.column("version").get(Integer.class),
                                            r.column("schema").get(String.class),
                                            instant(r.column("created_at").get()))));
    }

    /** Registers each of {@code names} not registered yet, with {@code schema} as its version 1; true if any was. */
    boolean addMissing(List<String> names, String schema) {
        String[] wanted = names.toArray(String[]::new);
        long known = database.call(() -> {
            try (Stream<DbRow> rows = db.execute().namedQuery("select-event-type-names", (Object) wanted)) {
                return rows.count();
            }
        });
        if (known == wanted.length) {
            return false;
        }
        return inTransaction(tx -> {
            tx.namedGet("lock-event-types");
            return tx.namedInsert("insert-first-event-types", wanted, schema) > 0;
        });
    }

    /**
     * Under the registry's lock, asks {@code decide} what to make of the type as stored now (empty
     * for a new name) and stores that; {@code decide} may refuse by throwing, and then nothing changes.
     */
    EventTypeRegistry.PutResult put(String name, Function<Optional<EventType>, Plan> decide) {
        return inTransaction(tx -> {
            tx.namedGet("lock-event-types");
            Optional<EventType> current = find(tx, name);
            Plan plan = decide.apply(current);
            if (current.isEmpty()) {
                tx.namedInsert("insert-event-type", name, plan.description(), plan.owner(), plan.topic(),
                               plan.compatibility().name());
            } else {
                tx.namedUpdate("update-event-type", plan.description(), plan.owner(), plan.topic(),
                               plan.compatibility().name(), name);
            }
            if (plan.newSchema() != null) {
                int version = current.map(EventType::latestVersion).orElse(0) + 1;
                tx.namedInsert("insert-schema-version", name, version, plan.newSchema());
            }
            return new EventTypeRegistry.PutResult(find(tx, name).orElseThrow(), current.isEmpty(), plan.newSchema() != null);
        });
    }

    private static Optional<EventType> find(DbExecute exec, String name) {
        return exec.namedGet("select-event-type", name).map(EventTypeStore::type);
    }

    private static EventType type(DbRow row) {
        return new EventType(row.column("name").get(String.class),
                             row.column("description").get(String.class),
                             row.column("owner").get(String.class),
                             (String) row.column("topic").asOptional().orElse(null),
                             Compatibility.valueOf(row.column("compatibility").get(String.class)),
                             row.column("version").get(Integer.class),
                             row.column("schema").get(String.class),
                             instant(row.column("created_at").get()),
                             instant(row.column("updated_at").get()));
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime time ? time.toInstant() : ((Timestamp) value).toInstant();
    }

    private <T> T inTransaction(Function<DbTransaction, T> work) {
        return database.inTransaction(work);
    }
}
