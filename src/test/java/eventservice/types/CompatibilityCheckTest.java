package eventservice.types;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import eventservice.event.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static eventservice.types.Compatibility.BACKWARD;
import static eventservice.types.Compatibility.FORWARD;
import static eventservice.types.Compatibility.FULL;
import static eventservice.types.Compatibility.NONE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The compatibility rules over a table of schema pairs: each row a mode, the previous schema, the
 * new one, and either "ok" or the start of the breaking change expected (place and rule).
 */
class CompatibilityCheckTest {
    private static final String ORDER = "{\"type\":\"object\",\"properties\":{"
            + "\"id\":{\"type\":\"string\"},"
            + "\"status\":{\"enum\":[\"NEW\",\"PAID\",\"REFUNDED\"]},"
            + "\"total\":{\"type\":\"number\",\"minimum\":0},"
            + "\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"quantity\":{\"type\":\"integer\"}}}}},"
            + "\"required\":[\"id\",\"status\"]}";

    static Stream<Arguments> pairs() {
        return Stream.of(
                row(BACKWARD, ORDER, ORDER, "ok"),
                row(BACKWARD, ORDER, with(ORDER, "\"coupon\":{\"type\":\"string\"},"), "ok"),
                row(BACKWARD, ORDER, required(with(ORDER, "\"coupon\":{\"type\":\"string\"},"), "coupon"),
                    "payload/coupon: is required by the new schema, not by the previous one, and has no default"),
                row(BACKWARD, ORDER, required(with(ORDER, "\"coupon\":{\"type\":\"string\",\"default\":\"\"},"), "coupon"), "ok"),
                row(BACKWARD, ORDER, ORDER.replace(",\"REFUNDED\"", ""),
                    "payload/status: value \"REFUNDED\" is allowed by the previous schema, not by the new one's enum"),
                row(BACKWARD, ORDER, ORDER.replace("\"REFUNDED\"", "\"REFUNDED\",\"VOID\""), "ok"),
                row(BACKWARD, ORDER, ORDER.replace("\"total\":{\"type\":\"number\"", "\"total\":{\"type\":\"integer\""),
                    "payload/total: type narrowed: number is allowed by the previous schema, not by the new one"),
                row(BACKWARD, ORDER.replace("{\"type\":\"integer\"}", "{\"type\":\"integer\",\"minimum\":1}"),
                    ORDER.replace("{\"type\":\"integer\"}", "{\"type\":\"number\"}"), "ok"),
                row(BACKWARD, "{\"properties\":{\"note\":{\"type\":[\"string\",\"null\"]}}}",
                    "{\"properties\":{\"note\":{\"type\":\"string\"}}}",
                    "payload/note: type narrowed: null is allowed by the previous schema, not by the new one"),
                row(BACKWARD, ORDER, ORDER.replace("\"minimum\":0", "\"minimum\":1"),
                    "payload/total: minimum tightened: the new schema's >= 1 against the previous one's >= 0"),
                row(BACKWARD, ORDER.replace("\"minimum\":0", "\"minimum\":1"), ORDER, "ok"),
                row(BACKWARD, ORDER, ORDER.replace("\"id\":{\"type\":\"string\"}", "\"id\":{\"type\":\"string\",\"maxLength\":36}"),
                    "payload/id: maxLength tightened: 36 in the new schema against none in the previous one"),
                row(BACKWARD, ORDER, ORDER.replace("\"id\":{\"type\":\"string\"}", "\"id\":{\"type\":\"string\",\"pattern\":\"^o-\"}"),
                    "payload/id: pattern \"^o-\" is new or changed in the new schema"),
                row(BACKWARD, ORDER, ORDER.replace("\"required\"", "\"additionalProperties\":false,\"required\""),
                    "payload: additionalProperties is false in the new schema, not in the previous one"),
                row(BACKWARD, ORDER, ORDER.replace("\"required\":[\"id\",\"status\"]", "\"required\":[\"id\"]"), "ok"),
                row(BACKWARD, ORDER, ORDER.replace("{\"type\":\"integer\"}", "{\"type\":\"integer\",\"minimum\":1}"),
                    "payload/items/*/quantity: minimum tightened: the new schema's >= 1 against the previous one's none"),
                row(BACKWARD, ORDER.replace("\"required\"", "\"additionalProperties\":false,\"required\""),
                    ORDER.replace("\"id\":{\"type\":\"string\"},", "").replace("\"required\":[\"id\",", "\"additionalProperties\":false,\"required\":["),
                    "payload/id: is allowed by the previous schema, refused by the new one (it allows no other members)"),
                row(BACKWARD, JsonSchemas.PERMISSIVE, ORDER, "payload/id: is required by the new schema"),
                row(NONE, JsonSchemas.PERMISSIVE, ORDER, "ok"),
                row(BACKWARD, "{\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}}",
                    "{\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"string\"}]}}}",
                    "payload/a: 'anyOf' is new or changed in the new schema, which this check cannot compare"),
                row(BACKWARD, "{\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"string\"}]}},\"description\":\"v1\"}",
                    "{\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"string\"}]}},\"description\":\"v2\"}", "ok"),
                row(BACKWARD, "{\"properties\":{\"m\":{\"$ref\":\"#/$defs/money\"}},\"$defs\":{\"money\":{\"type\":\"number\"}}}",
                    "{\"properties\":{\"m\":{\"$ref\":\"#/$defs/money\"}},\"$defs\":{\"money\":{\"type\":\"integer\"}}}",
                    "payload/m: type narrowed: number is allowed by the previous schema, not by the new one"),
                row(BACKWARD, "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/node\"}}}},"
                            + "\"$ref\":\"#/$defs/node\",\"title\":\"v1\"}",
                    "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/node\"},"
                            + "\"label\":{\"type\":\"string\"}}}},\"$ref\":\"#/$defs/node\",\"title\":\"v2\"}", "ok"),
                row(BACKWARD, "{\"properties\":{\"s\":{\"const\":\"A\"}}}", "{\"properties\":{\"s\":{\"enum\":[\"A\",\"B\"]}}}", "ok"),
                row(BACKWARD, "{\"properties\":{\"n\":{\"type\":\"number\",\"minimum\":1}}}",
                    "{\"properties\":{\"n\":{\"type\":\"number\",\"exclusiveMinimum\":0}}}", "ok"),
                row(BACKWARD, ORDER, ORDER.replace("\"id\":{\"type\":\"string\"}", "\"id\":{\"type\":\"string\",\"format\":\"uuid\"}"),
                    "payload/id: format \"uuid\" is new or changed in the new schema"),
                row(BACKWARD, "{\"properties\":{\"tags\":{\"type\":\"array\",\"maxItems\":10}}}",
                    "{\"properties\":{\"tags\":{\"type\":\"array\",\"maxItems\":5,\"uniqueItems\":true}}}",
                    "payload/tags: maxItems tightened: 5 in the new schema against 10 in the previous one"),
                row(FORWARD, ORDER, ORDER.replace("\"REFUNDED\"", "\"REFUNDED\",\"VOID\""),
                    "payload/status: value \"VOID\" is allowed by the new schema, not by the previous one's enum"),
                row(FORWARD, ORDER, ORDER.replace(",\"REFUNDED\"", ""), "ok"),
                row(FORWARD, ORDER, required(with(ORDER, "\"coupon\":{\"type\":\"string\"},"), "coupon"), "ok"),
                row(FORWARD, ORDER, ORDER.replace("\"required\":[\"id\",\"status\"]", "\"required\":[\"id\"]"),
                    "payload/status: is required by the previous schema, not by the new one, and has no default"),
                row(FORWARD, ORDER.replace("{\"type\":\"integer\"}", "{\"type\":\"integer\",\"minimum\":1}"),
                    ORDER.replace("{\"type\":\"integer\"}", "{\"type\":\"number\",\"minimum\":1,\"multipleOf\":0.5}"),
                    "payload/items/*/quantity: type narrowed: number is allowed by the new schema, not by the previous one"),
                row(FORWARD, ORDER, ORDER.replace("\"minimum\":0", "\"minimum\":0,\"multipleOf\":0.01"), "ok"),
                row(FULL, ORDER, with(ORDER, "\"coupon\":{\"type\":\"string\"},"), "ok"),
                row(FULL, ORDER, ORDER.replace("\"REFUNDED\"", "\"REFUNDED\",\"VOID\""),
                    "payload/status: value \"VOID\" is allowed by the new schema, not by the previous one's enum"),
                row(FULL, ORDER, ORDER.replace(",\"REFUNDED\"", ""),
                    "payload/status: value \"REFUNDED\" is allowed by the previous schema, not by the new one's enum"),
                row(NONE, ORDER, ORDER.replace("\"total\":{\"type\":\"number\"", "\"total\":{\"type\":\"string\""), "ok"));
    }

    @ParameterizedTest(name = "{index}: {0} {3}")
    @MethodSource("pairs")
    void theModeJudgesTheChange(Compatibility mode, String previous, String next, String expected) throws IOException {
        List<String> changes = CompatibilityCheck.breakingChanges(mode, Json.MAPPER.readTree(previous), Json.MAPPER.readTree(next));
        if (expected.equals("ok")) {
            assertThat(changes, is(empty()));
        } else {
            assertThat(changes, hasItem(startsWith(expected)));
        }
    }

    private static Arguments row(Compatibility mode, String previous, String next, String expected) {
        return Arguments.of(mode, previous, next, expected);
    }

    /** The order schema with {@code property} ("name":{...},) declared first. */
    private static String with(String schema, String property) {
        return schema.replace("\"properties\":{", "\"properties\":{" + property);
    }

    private static String required(String schema, String name) {
        return schema.replace("\"required\":[", "\"required\":[\"" + name + "\",");
    }
}
