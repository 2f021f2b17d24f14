package eventservice.types;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Whether a reader schema accepts what a writer schema allowed, by rules: every type, value, bound,
 * pattern, format, item and member the writer allowed, the reader allows too. Whether one JSON
 * Schema accepts all that another does cannot be decided in general, so these rules are the
 * common ground (Avro's and Nakadi's), conservative where they cannot tell:
 * <ul>
 * <li>a member the writer did not declare is taken as absent from its events, so the reader may
 *     declare it (adding an optional property is compatible), unless the writer's
 *     additionalProperties is itself a schema; a member the reader requires must be required by
 *     the writer too, or have a default in the reader;
 * <li>keywords these rules do not read ({@code anyOf}, {@code not}, {@code if}, {@code patternProperties} ...)
 *     must mean the same in both, else the change is reported as one this check cannot judge.
 * </ul>
 * Places are named as in a payload ({@code payload/items/∗/quantity}).
 */
final class SchemaReading {
    private static final Set<String> RULES = Set.of("type", "enum", "const", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "format", "items", "prefixItems",
            "minItems", "maxItems", "uniqueItems", "properties", "required", "additionalProperties", "minProperties",
            "maxProperties", "$ref", "$defs", "definitions");
    private static final Set<String> ALL_TYPES = Set.of("array", "boolean", "integer", "null", "number", "object", "string");
    private static final int MAX_DEPTH = 64;

    private final JsonNode readerRoot;
    private final JsonNode writerRoot;
    private final String reader;
    private final String writer;
    private final Set<String> problems = new LinkedHashSet<>();
    private final Set<String> followed = new HashSet<>();
    private final Map<String, Boolean> sameDefinition = new HashMap<>();

    private SchemaReading(JsonNode readerRoot, JsonNode writerRoot, String reader, String writer) {
        this.readerRoot = readerRoot;
        this.writerRoot = writerRoot;
        this.reader = reader;
        this.writer = writer;
    }

    /** What keeps a consumer with {@code readerSchema} from reading every event valid under {@code writerSchema}. */
    static List<String> problems(JsonNode readerSchema, JsonNode writerSchema, String readerName, String writerName) {
        SchemaReading reading = new SchemaReading(readerSchema, writerSchema, readerName, writerName);
        reading.compare("payload", readerSchema, writerSchema, 0);
        return List.copyOf(reading.problems);
    }

    private void compare(String at, JsonNode r, JsonNode w, int depth) {
        String rRef = SchemaNodes.soleRef(r);
        String wRef = SchemaNodes.soleRef(w);
        if (rRef != null || wRef != null) {
            // Each pair of definitions is compared once: recursive definitions end here.
            String pair = (rRef != null ? rRef : "@" + System.identityHashCode(r)) + "|"
                    + (wRef != null ? wRef : "@" + System.identityHashCode(w));
            if (!followed.add(pair)) {
                return;
            }
        }
        r = rRef != null ? SchemaNodes.resolve(readerRoot, rRef) : r;
        w = wRef != null ? SchemaNodes.resolve(writerRoot, wRef) : w;
        if (depth > MAX_DEPTH) {
            problem(at, "is nested too deeply to compare");
            return;
        }
        if (SchemaNodes.isFalse(w) || accepted(r, w)) {
            return;
        }
        if (SchemaNodes.isFalse(r)) {
            problem(at, "the {R} schema allows nothing here");
            return;
        }
        if (!w.isObject()) {
            w = JsonNodeFactory.instance.objectNode();   // true: the writer allowed anything
        }
        Set<String> writerTypes = SchemaNodes.types(w);
        List<JsonNode> writerValues = SchemaNodes.values(w);
        compareTypesAndValues(at, r, writerTypes, writerValues);
        Set<String> kinds = writerTypes == null ? ALL_TYPES : writerTypes;
        if (writerValues == null && (kinds.contains("number") || kinds.contains("integer"))) {
            compareNumbers(at, r, w);
        }
        if (kinds.contains("string")) {
            if (writerValues == null) {
                countLimit(at, "minLength", r, w, false);
                countLimit(at, "maxLength", r, w, true);
                sameText(at, "pattern", r, w);
            }
            sameText(at, "format", r, w);
        }
        if (kinds.contains("array")) {
            compareArrays(at, r, w, depth);
        }
        if (kinds.contains("object")) {
            compareObjects(at, r, w, depth);
        }
        if (r.has("$ref")) {
            // A reference beside other keywords: what it refers to must accept the writer's (its own, if it has one).
            JsonNode writerSide = w.has("$ref") ? SchemaNodes.resolve(writerRoot, w.get("$ref").asText()) : w;
            compare(at, SchemaNodes.resolve(readerRoot, r.get("$ref").asText()), writerSide, depth + 1);
        }
        for (Map.Entry<String, JsonNode> keyword : r.properties()) {
            String name = keyword.getKey();
            if (!RULES.contains(name) && !SchemaNodes.ANNOTATIONS.contains(name) && !sameMeaning(keyword.getValue(), w.get(name))) {
                problem(at, "'" + name + "' is new or changed in the {R} schema, which this check cannot compare"
                        + " (to make this change, PUT it with compatibility NONE)");
            }
        }
    }

    private void compareTypesAndValues(String at, JsonNode r, Set<String> writerTypes, List<JsonNode> writerValues) {
        Set<String> readerTypes = SchemaNodes.types(r);
        if (readerTypes != null) {
            if (writerTypes == null) {
                problem(at, "type narrowed: the {W} schema allows any type here, the {R} one only " + SchemaNodes.sorted(readerTypes));
            } else {
                for (String type : writerTypes) {
                    if (!readerTypes.contains(type) && !(type.equals("integer") && readerTypes.contains("number"))) {
                        problem(at, "type narrowed: " + type + " is allowed by the {W} schema, not by the {R} one");
                    }
                }
            }
        }
        List<JsonNode> readerValues = SchemaNodes.values(r);
        if (readerValues != null) {
            if (writerValues == null) {
                problem(at, "the {R} schema allows only " + readerValues + " here, the {W} one any value");
            } else {
                for (JsonNode value : writerValues) {
                    if (readerValues.stream().noneMatch(v -> SchemaNodes.sameValue(v, value))) {
                        problem(at, "value " + value + " is allowed by the {W} schema, not by the {R} one's enum");
                    }
                }
            }
        }
        if (writerValues != null) {
            for (JsonNode value : writerValues) {
                String broken = ScalarRules.broken(r, value);
                if (broken != null) {
                    problem(at, "value " + value + " is allowed by the {W} schema, not by the {R} one's " + broken);
                }
            }
        }
    }

    private void compareNumbers(String at, JsonNode r, JsonNode w) {
        for (boolean lower : new boolean[] {true, false}) {
            ScalarRules.Bound readerBound = ScalarRules.bound(r, lower);
            if (readerBound == null) {
                continue;
            }
            ScalarRules.Bound writerBound = ScalarRules.bound(w, lower);
            if (writerBound == null || !writerBound.atLeastAsTightAs(readerBound, lower)) {
                problem(at, (lower ? "minimum" : "maximum") + " tightened: the {R} schema's " + readerBound.describe(lower)
                        + " against the {W} one's " + (writerBound == null ? "none" : writerBound.describe(lower)));
            }
        }
        if (r.has("multipleOf")) {
            BigDecimal readerStep = r.get("multipleOf").decimalValue();
            JsonNode writerStep = w.get("multipleOf");
            if (writerStep == null || !writerStep.isNumber()
                    || writerStep.decimalValue().remainder(readerStep).signum() != 0) {
                problem(at, "multipleOf " + readerStep + " of the {R} schema is not implied by the {W} one");
            }
        }
    }

    private void compareArrays(String at, JsonNode r, JsonNode w, int depth) {
        countLimit(at, "minItems", r, w, false);
        countLimit(at, "maxItems", r, w, true);
        if (r.path("uniqueItems").asBoolean(false) && !w.path("uniqueItems").asBoolean(false)) {
            problem(at, "uniqueItems is new in the {R} schema");
        }
        JsonNode readerItems = r.has("items") ? r.get("items") : BooleanNode.TRUE;
        JsonNode writerItems = w.has("items") ? w.get("items") : BooleanNode.TRUE;
        int prefix = Math.max(r.path("prefixItems").size(), w.path("prefixItems").size());
        for (int i = 0; i < prefix; i++) {
            compare(at + "/" + i, r.path("prefixItems").has(i) ? r.get("prefixItems").get(i) : readerItems,
                    w.path("prefixItems").has(i) ? w.get("prefixItems").get(i) : writerItems, depth + 1);
        }
        compare(at + "/*", readerItems, writerItems, depth + 1);
    }

    private void compareObjects(String at, JsonNode r, JsonNode w, int depth) {
        countLimit(at, "minProperties", r, w, false);
        countLimit(at, "maxProperties", r, w, true);
        JsonNode readerProperties = r.path("properties");
        JsonNode writerProperties = w.path("properties");
        Set<String> writerRequired = new HashSet<>();
        w.path("required").forEach(p -> writerRequired.add(p.asText()));
        for (JsonNode required : r.path("required")) {
            String name = required.asText();
            if (!writerRequired.contains(name) && !readerProperties.path(name).has("default")) {
                problem(SchemaNodes.member(at, name), "is required by the {R} schema, not by the {W} one, and has no default");
            }
        }
        JsonNode readerOthers = r.has("additionalProperties") ? r.get("additionalProperties") : BooleanNode.TRUE;
        JsonNode writerOthers = w.has("additionalProperties") ? w.get("additionalProperties") : BooleanNode.TRUE;
        for (Map.Entry<String, JsonNode> declared : writerProperties.properties()) {
            String name = declared.getKey();
            JsonNode readerSide = readerProperties.has(name) ? readerProperties.get(name) : readerOthers;
            if (SchemaNodes.isFalse(readerSide) && !r.has("patternProperties")) {
                problem(SchemaNodes.member(at, name), "is allowed by the {W} schema, refused by the {R} one (it allows no other members)");
            } else {
                compare(SchemaNodes.member(at, name), readerSide, declared.getValue(), depth + 1);
            }
        }
        for (Map.Entry<String, JsonNode> declared : readerProperties.properties()) {
            if (!writerProperties.has(declared.getKey()) && writerOthers.isObject()) {
                compare(SchemaNodes.member(at, declared.getKey()), declared.getValue(), writerOthers, depth + 1);
            }
        }
        if (SchemaNodes.isFalse(writerOthers) || accepted(readerOthers, writerOthers)) {
            return;
        }
        if (SchemaNodes.isFalse(readerOthers)) {
            problem(at, "additionalProperties is false in the {R} schema, not in the {W} one: members the {W} let through are refused");
        } else if (!writerOthers.isObject() || SchemaNodes.isTrue(writerOthers)) {
            problem(at, "additionalProperties is constrained by the {R} schema, not by the {W} one");
        } else {
            compare(at + "/*", readerOthers, writerOthers, depth + 1);
        }
    }

    /** A length or count limit of the reader's must be implied by the writer's (a missing minimum is 0). */
    private void countLimit(String at, String keyword, JsonNode r, JsonNode w, boolean upper) {
        JsonNode readerLimit = r.get(keyword);
        if (readerLimit == null) {
            return;
        }
        JsonNode writerLimit = w.get(keyword);
        long limit = readerLimit.asLong();
        boolean implied = upper ? writerLimit != null && writerLimit.asLong() <= limit
                                : (writerLimit == null ? 0 : writerLimit.asLong()) >= limit;
        if (!implied) {
            problem(at, keyword + " tightened: " + limit + " in the {R} schema against "
                    + (writerLimit == null ? "none" : writerLimit.asText()) + " in the {W} one");
        }
    }

    private void sameText(String at, String keyword, JsonNode r, JsonNode w) {
        if (r.has(keyword) && !r.get(keyword).equals(w.get(keyword))) {
            problem(at, keyword + " " + r.get(keyword) + " is new or changed in the {R} schema");
        }
    }

    /** Whether {@code r} accepts all {@code w} does at sight: it asks nothing, or is the same, what it refers to included. */
    private boolean accepted(JsonNode r, JsonNode w) {
        if (SchemaNodes.isTrue(r)) {
            return true;
        }
        return r.equals(w) && sameMeaning(r, w);
    }

    /** Equal text, and every definition it refers to equal in both schemas. */
    private boolean sameMeaning(JsonNode r, JsonNode w) {
        if (r == null || !r.equals(w)) {
            return false;
        }
        for (JsonNode ref : r.findValues("$ref")) {
            String pointer = ref.asText();
            Boolean known = sameDefinition.get(pointer);
            if (known == null) {
                sameDefinition.put(pointer, true);   // while comparing it: a recursive definition refers to itself
                known = sameMeaning(SchemaNodes.resolve(readerRoot, pointer), SchemaNodes.resolve(writerRoot, pointer));
                sameDefinition.put(pointer, known);
            }
            if (!known) {
                return false;
            }
        }
        return true;
    }

    private void problem(String at, String text) {
        problems.add(at + ": " + text.replace("{R}", reader).replace("{W}", writer));
    }
}
