package eventservice.api.http;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.yaml.snakeyaml.Yaml;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** etc/openapi.yaml as the OpenAPI tests read it: its operations, its schemas, and a check of a value against one. */
final class OpenApiDocument {
    static final Path DOCUMENT = Path.of("etc", "openapi.yaml");
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Map<String, Object> document = load();

    private OpenApiDocument() {
    }

    /** A small OpenAPI 3.0 schema check: $ref, nullable, type, enum, format, properties, required, items. */
    @SuppressWarnings("unchecked")
    static void validate(Object schemaNode, Object value, String where, List<String> problems) {
        Map<String, Object> schema = resolve(schemaNode);
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                problems.add(where + ": null, but not nullable");
            }
            return;
        }
        String type = (String) schema.get("type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(where + ": expected an object, got " + value);
                    return;
                }
                Map<String, Object> object = (Map<String, Object>) map;
                Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                for (String required : (List<String>) schema.getOrDefault("required", List.of())) {
                    if (!object.containsKey(required)) {
                        problems.add(where + ": missing required '" + required + "'");
                    }
                }
                Object additional = schema.get("additionalProperties");
                for (Map.Entry<String, Object> entry : object.entrySet()) {
                    String at = where + "." + entry.getKey();
                    if (properties.containsKey(entry.getKey())) {
                        validate(properties.get(entry.getKey()), entry.getValue(), at, problems);
                    } else if (Boolean.FALSE.equals(additional)) {
                        problems.add(where + ": '" + entry.getKey() + "' is not in the document " + properties.keySet());
                    } else if (additional instanceof Map<?, ?>) {
                        validate(additional, entry.getValue(), at, problems);
                    }
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(where + ": expected an array, got " + value);
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    validate(schema.get("items"), list.get(i), where + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!(value instanceof String s)) {
                    problems.add(where + ": expected a string, got " + value);
                    return;
                }
                List<Object> allowed = (List<Object>) schema.get("enum");
                if (allowed != null && !allowed.contains(s)) {
                    problems.add(where + ": '" + s + "' not in " + allowed);
                }
                String format = (String) schema.get("format");
                try {
                    if ("uuid".equals(format) && !UUID.fromString(s).toString().equalsIgnoreCase(s)) {
                        problems.add(where + ": '" + s + "' is not a UUID");
                    } else if ("date-time".equals(format)) {
                        Instant.parse(s);
                    }
                } catch (RuntimeException e) {
                    problems.add(where + ": '" + s + "' is not a " + format);
                }
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    problems.add(where + ": expected an integer, got " + value);
                }
            }
            case "number" -> {
                if (!(value instanceof Number)) {
                    problems.add(where + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(where + ": expected a boolean, got " + value);
                }
            }
            default -> problems.add(where + ": the document uses type '" + type + "', which this test does not check");
        }
    }

    /** A request example names every documented property, so that the service sees them all. */
    @SuppressWarnings("unchecked")
    static void checkExampleIsComplete(Object schemaNode, Object example, String where) {
        Map<String, Object> schema = resolve(schemaNode);
        if (example instanceof Map<?, ?> map && schema.get("properties") instanceof Map<?, ?> properties) {
            Set<Object> missing = new LinkedHashSet<>(properties.keySet());
            missing.removeAll(map.keySet());
            if (!missing.isEmpty()) {
                throw new AssertionError(where + " lacks the documented properties " + missing);
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object property = properties.get(entry.getKey());
                if (property != null) {
                    checkExampleIsComplete(property, entry.getValue(), where + "." + entry.getKey());
                }
            }
        } else if (example instanceof List<?> list && "array".equals(schema.get("type"))) {
            for (Object item : list) {
                checkExampleIsComplete(schema.get("items"), item, where + "[]");
            }
        }
        List<String> problems = new ArrayList<>();
        validate(schema, example, where, problems);
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    @SuppressWarnings("unchecked")
    static List<OpenApiOperation> operations() {
        List<OpenApiOperation> out = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, spec) -> {
            if (METHODS.contains(method.toUpperCase())) {
                out.add(new OpenApiOperation(path, method.toUpperCase(), (Map<String, Object>) spec));
            }
        }));
        return out;
    }

    static OpenApiOperation operation(String method, String path) {
        return operations().stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(method.toUpperCase() + " " + path + " is not in " + DOCUMENT));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> schema(String name) {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> schema = (Map<String, Object>) schemas.get(name);
        if (schema == null) {
            throw new AssertionError("no schema " + name + " in " + DOCUMENT);
        }
        return schema;
    }

    /** Follows a local {@code $ref} ("#/components/..."). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> resolve(Object node) {
        Map<String, Object> map = (Map<String, Object>) node;
        while (map != null && map.get("$ref") instanceof String ref) {
            if (!ref.startsWith("#/")) {
                throw new AssertionError("only local $refs are supported: " + ref);
            }
            Object target = document;
            for (String part : ref.substring(2).split("/")) {
                target = ((Map<String, Object>) target).get(part);
                if (target == null) {
                    throw new AssertionError("unresolved $ref " + ref);
                }
            }
            map = (Map<String, Object>) target;
        }
        if (map == null) {
            throw new AssertionError("missing schema or response in " + DOCUMENT);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (Reader reader = Files.newBufferedReader(DOCUMENT)) {
            Map<String, Object> loaded = new Yaml().load(reader);
            assertThat(String.valueOf(loaded.get("openapi")).startsWith("3.0"), is(true));
            return loaded;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + DOCUMENT, e);
        }
    }
}
