package eventservice.types;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import eventservice.event.EventValidator;
import eventservice.event.InvalidEventException;
import eventservice.event.Json;
import eventservice.event.Printable;

/**
 * Event types managed through either door: listed, read, and put. A PUT of a new name creates the
 * type (no restart, no configuration change); of a known one, replaces its description, owner,
 * topic and compatibility mode, and adds a schema version when the schema differs from the latest,
 * if the mode allows the change. Types are never removed: the events stored and the records on
 * Kafka name their schema versions. A new topic is created on Kafka before the type names it, so
 * no event is ever stored for a topic that does not exist.
 */
public final class EventTypeRegistry {
    private static final System.Logger LOGGER = System.getLogger(EventTypeRegistry.class.getName());
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_OWNER = 200;

    /** The type as stored by a PUT, whether the PUT created it, and whether it added a schema version. */
    public record PutResult(EventType type, boolean created, boolean versionAdded) {
    }

    private final TypeCatalog catalog;
    private final EventTypeStore store;
    private final Consumer<String> ensureTopic;
    private final Set<String> topicsChecked = ConcurrentHashMap.newKeySet();

    /** {@code ensureTopic} creates a topic on Kafka when it is missing, or throws. */
    public EventTypeRegistry(TypeCatalog catalog, Consumer<String> ensureTopic) {
        this.catalog = catalog;
        this.store = catalog.store();
        this.ensureTopic = ensureTopic;
        topicsChecked.addAll(catalog.topics());
    }

    public List<EventType> list() {
        return store.all().types();
    }

    public EventType get(String name) {
        return store.find(name).orElseThrow(() -> notFound(name));
    }

    public SchemaVersion version(String name, int version) {
        if (version < 1) {
            throw new InvalidEventException("version", "must be a whole number from 1");
        }
        return store.version(name, version).orElseThrow(() -> store.find(name).isPresent()
                ? new EventTypeNotFoundException("event type " + Printable.of(name, 64) + " has no version " + version)
                : notFound(name));
    }

    /** Creates or changes the type; see the class comment. */
    public PutResult put(String name, EventTypeChange change) {
        if (name == null || !EventValidator.TYPE_NAME.matcher(name).matches()) {
            throw new InvalidEventException("name", EventValidator.TYPE_NAME_RULE);
        }
        String description = text("description", change.description(), MAX_DESCRIPTION);
        String owner = text("owner", change.owner(), MAX_OWNER);
        String topic = change.topic() == null || change.topic().isEmpty() ? null : change.topic();
        if (topic != null && !topic.matches("[A-Za-z0-9._\\-]{1,249}")) {
            throw new InvalidEventException("topic", "must be a Kafka topic name (1-249 letters, digits, '.', '_', '-'),"
                    + " or empty for kafka.topics / kafka.topic");
        }
        Compatibility mode = change.compatibility() == null ? Compatibility.BACKWARD : change.compatibility();
        JsonNode schema = change.schema();
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            throw new InvalidEventException("schema", "is required (a JSON Schema object)");
        }
        JsonSchemas.compile(schema);
        String schemaText = write(schema);
        if (schemaText.length() > JsonSchemas.MAX_SCHEMA_CHARS) {
            throw new InvalidEventException("schema", "must be at most " + JsonSchemas.MAX_SCHEMA_CHARS + " characters");
        }
        if (topic != null && !topicsChecked.contains(topic)) {
            try {
                ensureTopic.accept(topic);
            } catch (RuntimeException e) {
                throw new TopicUnavailableException("topic " + topic + " could not be checked or created on Kafka; "
                        + "the type was not changed", e);
            }
            topicsChecked.add(topic);
        }
        PutResult result = store.put(name, current -> plan(name, current, description, owner, topic, mode, schema, schemaText));
        try {
            catalog.load();
        } catch (RuntimeException e) {
            LOGGER.log(Level.DEBUG, "event types not reloaded after a change (the next poll will): " + e.getMessage());
        }
        if (result.created() || result.versionAdded()) {
            LOGGER.log(Level.INFO, "event type " + name + (result.created() ? " registered" : " changed") + ", schema version "
                    + result.type().latestVersion());
        }
        return result;
    }

    private static EventTypeStore.Plan plan(String name, Optional<EventType> current, String description, String owner,
                                            String topic, Compatibility mode, JsonNode schema, String schemaText) {
        if (current.isEmpty()) {
            return new EventTypeStore.Plan(description, owner, topic, mode, schemaText);
        }
        JsonNode previous = JsonSchemas.parse(current.get().schema());
        if (previous.equals(schema)) {
            return new EventTypeStore.Plan(description, owner, topic, mode, null);
        }
        List<String> breaking = CompatibilityCheck.breakingChanges(mode, previous, schema);
        if (!breaking.isEmpty()) {
            throw new IncompatibleSchemaException(name, mode, current.get().latestVersion(), breaking);
        }
        return new EventTypeStore.Plan(description, owner, topic, mode, schemaText);
    }

    private static String text(String field, String value, int max) {
        String text = value == null ? "" : value;
        if (text.length() > max) {
            throw new InvalidEventException(field, "must be at most " + max + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw new InvalidEventException(field, "must not contain control characters");
            }
        }
        return text;
    }

    private static String write(JsonNode schema) {
        try {
            return Json.MAPPER.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EventTypeNotFoundException notFound(String name) {
        return new EventTypeNotFoundException("event type " + Printable.of(name, 64) + " not found");
    }
}
