package eventservice.types;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import eventservice.event.InvalidEventException;
import eventservice.event.Json;
import eventservice.event.Printable;

/**
 * One compiled schema version, checking payloads at the door. The payload's text is kept as sent;
 * the validator reads the tree that the payload's own check built in the same pass. A permissive
 * schema ({@code {"type":"object"}}, what configured types start with) needs no tree: the payload
 * check already proved an object.
 */
public final class PayloadSchema {
    private static final int MORE_SHOWN = 3;

    private final Schema schema;

    PayloadSchema(Schema schema) {
        this.schema = schema;
    }

    /** Whether every payload object passes. */
    public boolean permissive() {
        return schema == null;
    }

    /**
     * Refuses a payload that breaks the schema: {@link InvalidEventException} naming the first
     * violation's place as a JSON pointer after "payload" and its rule
     * ({@code payload/items/0/quantity: must be >= 1}), then a few more.
     */
    public void check(String payload) {
        if (schema == null) {
            return;
        }
        try {
            check(Json.MAPPER.readTree(payload));
        } catch (IOException e) {
            throw new InvalidEventException("payload", "must be valid JSON");
        }
    }

    /** As {@link #check(String)}, for the payload already read as a tree (PayloadCheck.read). */
    public void check(JsonNode tree) {
        if (schema == null) {
            return;
        }
        List<Error> errors = schema.validate(tree);
        if (errors.isEmpty()) {
            return;
        }
        List<String> others = new ArrayList<>();
        for (Error e : errors.subList(1, Math.min(errors.size(), 1 + MORE_SHOWN))) {
            others.add(where(e) + ": " + rule(e));
        }
        String more = others.isEmpty() ? "" : " (also " + String.join("; ", others)
                + (errors.size() > 1 + MORE_SHOWN ? "; and " + (errors.size() - 1 - MORE_SHOWN) + " more" : "") + ")";
        throw new InvalidEventException(where(errors.getFirst()), rule(errors.getFirst()) + more);
    }

    /** The violation's place: a missing or unexpected member is named itself, not its object. */
    private static String where(Error e) {
        String pointer = e.getInstanceLocation().toString();
        if (("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword())) && e.getProperty() != null) {
            pointer = pointer + "/" + e.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return "payload" + Printable.of(pointer, 200);
    }

    /** The rule in a few words; the validator's own message for the rarer keywords. */
    static String rule(Error e) {
        Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
        String first = args.length > 0 ? String.valueOf(args[0]) : "";
        String rule = switch (String.valueOf(e.getKeyword())) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not allowed (the schema allows no other members here)";
            case "type" -> args.length > 1 ? "must be " + args[1] + " (is " + first + ")" : e.getMessage();
            case "minimum" -> "must be >= " + first;
            case "maximum" -> "must be <= " + first;
            case "exclusiveMinimum" -> "must be > " + first;
            case "exclusiveMaximum" -> "must be < " + first;
            case "minLength" -> "must be at least " + first + " characters long";
            case "maxLength" -> "must be at most " + first + " characters long";
            case "minItems" -> "must have at least " + first + " items";
            case "maxItems" -> "must have at most " + first + " items";
            case "pattern" -> "must match the pattern " + first;
            case "enum" -> "must be one of " + first;
            case "const" -> "must be " + first;
            case "format" -> "must be a valid " + first;
            default -> e.getMessage();
        };
        return Printable.of(rule, 300);
    }
}
