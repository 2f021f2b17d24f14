package eventservice.types;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/** What a schema node says at sight, for {@link SchemaReading}: its types, its values, its reference. */
final class SchemaNodes {
    /** Keywords that constrain nothing. */
    static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$anchor", "$comment", "title", "description",
            "default", "examples", "deprecated", "readOnly", "writeOnly", "contentMediaType", "contentEncoding");

    private SchemaNodes() {
    }

    static boolean isTrue(JsonNode schema) {
        if (schema.isBoolean()) {
            return schema.asBoolean();
        }
        for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
            if (!ANNOTATIONS.contains(keyword.getKey()) && !keyword.getKey().equals("$defs")
                    && !keyword.getKey().equals("definitions")) {
                return false;
            }
        }
        return schema.isObject();
    }

    static boolean isFalse(JsonNode schema) {
        return schema.isBoolean() && !schema.asBoolean();
    }

    /** The target of a schema that is a reference and nothing more (annotations and definitions aside). */
    static String soleRef(JsonNode schema) {
        if (!schema.isObject() || !schema.has("$ref")) {
            return null;
        }
        for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
            String name = keyword.getKey();
            if (!name.equals("$ref") && !name.equals("$defs") && !name.equals("definitions") && !ANNOTATIONS.contains(name)) {
                return null;
            }
        }
        return schema.get("$ref").asText();
    }

    /** A local reference ('#', '#/$defs/x'); references were checked to resolve when the schema was compiled. */
    static JsonNode resolve(JsonNode root, String ref) {
        JsonNode target = ref.equals("#") ? root : root.at(ref.substring(1));
        return target.isMissingNode() ? BooleanNode.TRUE : target;
    }

    static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null) {
            Set<String> out = new HashSet<>();
            if (type.isArray()) {
                type.forEach(t -> out.add(t.asText()));
            } else {
                out.add(type.asText());
            }
            return out;
        }
        List<JsonNode> values = values(schema);
        if (values == null) {
            return null;
        }
        Set<String> out = new HashSet<>();
        values.forEach(v -> out.add(ScalarRules.typeOf(v)));
        return out;
    }

    static List<JsonNode> values(JsonNode schema) {
        if (schema.has("const")) {
            return List.of(schema.get("const"));
        }
        if (schema.has("enum")) {
            List<JsonNode> out = new ArrayList<>();
            schema.get("enum").forEach(out::add);
            return out;
        }
        return null;
    }

    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    static String member(String at, String name) {
        return at + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    static List<String> sorted(Set<String> types) {
        return types.stream().sorted().toList();
    }
}
