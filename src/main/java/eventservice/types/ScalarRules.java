package eventservice.types;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/** The number and string keywords of a schema, for comparing bounds and for checking a single value against them. */
final class ScalarRules {
    private ScalarRules() {
    }

    /** A lower or upper bound: a value, and whether the value itself is excluded. */
    record Bound(BigDecimal value, boolean exclusive) {
        /** Whether every number within this bound is within {@code other} too. */
        boolean atLeastAsTightAs(Bound other, boolean lower) {
            int order = value.compareTo(other.value);
            if (order == 0) {
                return exclusive || !other.exclusive;
            }
            return lower ? order > 0 : order < 0;
        }

        /** Whether {@code number} is within this bound. */
        boolean admits(BigDecimal number, boolean lower) {
            int order = number.compareTo(value);
            if (order == 0) {
                return !exclusive;
            }
            return lower ? order > 0 : order < 0;
        }

        String describe(boolean lower) {
            return (lower ? (exclusive ? "> " : ">= ") : (exclusive ? "< " : "<= ")) + value.toPlainString();
        }
    }

    /** The tighter of minimum and exclusiveMinimum (or maximum and exclusiveMaximum); null when neither is set. */
    static Bound bound(JsonNode schema, boolean lower) {
        JsonNode inclusive = schema.get(lower ? "minimum" : "maximum");
        JsonNode exclusive = schema.get(lower ? "exclusiveMinimum" : "exclusiveMaximum");
        Bound a = inclusive != null && inclusive.isNumber() ? new Bound(inclusive.decimalValue(), false) : null;
        Bound b = exclusive != null && exclusive.isNumber() ? new Bound(exclusive.decimalValue(), true) : null;
        if (a == null || b == null) {
            return a != null ? a : b;
        }
        return a.atLeastAsTightAs(b, lower) ? a : b;
    }

    /** The JSON type of a value, integers told from other numbers as JSON Schema does (1.0 is an integer). */
    static String typeOf(JsonNode value) {
        if (value.isNumber()) {
            return value.isIntegralNumber() || value.decimalValue().stripTrailingZeros().scale() <= 0 ? "integer" : "number";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isNull()) {
            return "null";
        }
        return value.isArray() ? "array" : "object";
    }

    /** The number or string keyword of {@code schema} that {@code value} breaks; null if none. */
    static String broken(JsonNode schema, JsonNode value) {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            for (boolean lower : new boolean[] {true, false}) {
                Bound bound = bound(schema, lower);
                if (bound != null && !bound.admits(number, lower)) {
                    return lower ? "minimum" : "maximum";
                }
            }
            JsonNode step = schema.get("multipleOf");
            if (step != null && step.isNumber() && number.remainder(step.decimalValue()).signum() != 0) {
                return "multipleOf";
            }
        }
        if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
                return "minLength";
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
                return "maxLength";
            }
            if (schema.has("pattern") && !matches(schema.get("pattern").asText(), value.asText())) {
                return "pattern";
            }
        }
        return null;
    }

    private static boolean matches(String regex, String text) {
        try {
            return Pattern.compile(regex).matcher(text).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
