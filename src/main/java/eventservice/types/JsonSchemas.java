package eventservice.types;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import eventservice.event.InvalidEventException;
import eventservice.event.Json;
import eventservice.event.Printable;

/**
 * Event-type schemas as JSON Schema 2020-12 (networknt json-schema-validator): a definition is
 * checked against the 2020-12 meta-schema and compiled once per version. A schema is self-contained:
 * its {@code $ref}s point inside it ({@code #...}), nothing is fetched, and {@code format} is
 * asserted (a payload's "date-time" must be one), as producers expect of a contract.
 */
public final class JsonSchemas {
    public static final String DIALECT = SpecificationVersion.DRAFT_2020_12.getDialectId();
    /** The schema every configured type starts with: any payload object. */
    public static final String PERMISSIVE = "{\"type\":\"object\"}";
    static final int MAX_SCHEMA_CHARS = 256 * 1024;

    // Keywords whose value is a schema, an array of schemas, or an object of schemas (2020-12).
    private static final Set<String> SCHEMA_VALUED = Set.of("items", "additionalProperties", "not", "if", "then", "else",
            "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties");
    private static final Set<String> SCHEMA_ARRAYS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");
    private static final List<String> TEXT_ANNOTATIONS = List.of("$comment", "title", "description");

    private JsonSchemas() {
    }

    /** The validator, loaded at the first schema that is not permissive: a service without one never loads it. */
    private static final class Validator {
        static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                                      .pathType(PathType.JSON_POINTER)
                                                      .formatAssertionsEnabled(true)
                                                      .build())
                        .schemaLoader(loader -> loader.fetchRemoteResources(false)));
        static final Schema META_SCHEMA = REGISTRY.getSchema(SchemaLocation.of(DIALECT));
    }

    /** Schema text from the gRPC door, read as request bodies are. */
    public static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidEventException("schema", "must not be empty (a JSON Schema object)");
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("schema", Json.isRepeatedMember(e)
                    ? "repeats a member name of its object (names must be unique)" : "must be valid JSON");
        }
    }

    /**
     * The definition checked and compiled; {@link InvalidEventException} naming the place
     * ({@code schema/properties/id/type: ...}) when it is not a usable self-contained 2020-12 schema.
     */
    public static PayloadSchema compile(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            throw new InvalidEventException("schema", "must be a JSON Schema object");
        }
        JsonNode dialect = schema.get("$schema");
        if (dialect != null && !DIALECT.equals(dialect.asText())) {
            throw new InvalidEventException("schema/$schema", "must be " + DIALECT + " (or absent)");
        }
        if (permissive((ObjectNode) schema)) {
            return new PayloadSchema(null);
        }
        selfContained(schema, "schema");
        List<Error> errors = Validator.META_SCHEMA.validate(schema);
        if (!errors.isEmpty()) {
            Error first = errors.getFirst();
            throw new InvalidEventException("schema" + Printable.of(first.getInstanceLocation().toString(), 200),
                                            PayloadSchema.rule(first));
        }
        try {
            Schema compiled = Validator.REGISTRY.getSchema(schema);
            compiled.initializeValidators();
            compiled.validate(Json.MAPPER.createObjectNode());   // resolves what compiling leaves for the first use
            return new PayloadSchema(compiled);
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidEventException("schema", "cannot be compiled: " + Printable.of(String.valueOf(e.getMessage()), 300));
        }
    }

    /** Accepts every object: {"type":"object"} or {}, with at most a $schema and text annotations beside. */
    private static boolean permissive(ObjectNode schema) {
        ObjectNode rules = schema.deepCopy();
        rules.remove("$schema");
        for (String annotation : TEXT_ANNOTATIONS) {
            if (rules.path(annotation).isTextual()) {
                rules.remove(annotation);
            }
        }
        return rules.isEmpty() || rules.equals(Json.MAPPER.createObjectNode().put("type", "object"));
    }

    /** Walks the schema's subschemas: references only inside it, no identifiers of its own. */
    private static void selfContained(JsonNode schema, String where) {
        if (!schema.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            String at = where + "/" + keyword.replace("~", "~0").replace("/", "~1");
            switch (keyword) {
                case "$ref", "$dynamicRef" -> {
                    if (!value.isTextual() || !value.asText().startsWith("#")) {
                        throw new InvalidEventException(Printable.of(at, 200), "must point inside the schema ('#...'): "
                                + "nothing is fetched from elsewhere");
                    }
                }
                case "$id" -> throw new InvalidEventException(Printable.of(at, 200),
                        "is not supported: a type's schema is named by its type and version");
                default -> {
                    if (SCHEMA_VALUED.contains(keyword)) {
                        selfContained(value, at);
                    } else if (SCHEMA_ARRAYS.contains(keyword) && value.isArray()) {
                        for (int i = 0; i < value.size(); i++) {
                            selfContained(value.get(i), at + "/" + i);
                        }
                    } else if (SCHEMA_MAPS.contains(keyword) && value.isObject()) {
                        for (Map.Entry<String, JsonNode> sub : value.properties()) {
                            selfContained(sub.getValue(), at + "/" + sub.getKey().replace("~", "~0").replace("/", "~1"));
                        }
                    }
                }
            }
        }
    }
}
