package eventservice.types;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import eventservice.event.InvalidEventException;
import eventservice.event.Json;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Schemas as definitions (what a PUT may hold) and as checks of payloads (what a refused event is told). */
class JsonSchemasTest {
    private static final String ORDER = """
            {"type":"object",
             "properties":{
               "order_id":{"type":"string","format":"uuid"},
               "status":{"enum":["NEW","PAID"]},
               "placed_at":{"type":"string","format":"date-time"},
               "customer":{"type":"object","properties":{"email":{"type":"string","format":"email"}},"required":["email"]},
               "items":{"type":"array","minItems":1,"items":{"type":"object",
                        "properties":{"sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]+$"},"quantity":{"type":"integer","minimum":1}},
                        "required":["sku","quantity"],"additionalProperties":false}},
               "total":{"type":"number","exclusiveMinimum":0}},
             "required":["order_id","status","items"]}""";
    private static final String VALID = "{\"order_id\":\"0190a0a0-0000-7000-8000-000000000000\",\"status\":\"NEW\","
            + "\"placed_at\":\"2026-12-07T10:00:00Z\",\"items\":[{\"sku\":\"ABC-1\",\"quantity\":2}],\"total\":12.5}";

    private final PayloadSchema order = JsonSchemas.compile(tree(ORDER));

    @Test
    void aValidPayloadPasses() {
        order.check(VALID);
        order.check(VALID.replace("\"quantity\":2", "\"quantity\":2.0"));   // 2.0 is an integer to JSON Schema
    }

    @Test
    void aViolationIsNamedByItsJsonPointerAndItsRule() {
        assertThat(refused(VALID.replace("\"quantity\":2", "\"quantity\":0")), is("payload/items/0/quantity: must be >= 1"));
        assertThat(refused(VALID.replace("\"status\":\"NEW\"", "\"status\":\"LOST\"")),
                   is("payload/status: must be one of [\"NEW\", \"PAID\"]"));
        assertThat(refused(VALID.replace("\"status\":\"NEW\",", "")), is("payload/status: is required"));
        assertThat(refused(VALID.replace("2026-12-07T10:00:00Z", "yesterday")), is("payload/placed_at: must be a valid date-time"));
        assertThat(refused(VALID.replace("\"quantity\":2", "\"quantity\":2,\"gift\":true")),
                   is("payload/items/0/gift: is not allowed (the schema allows no other members here)"));
        assertThat(refused(VALID.replace("\"quantity\":2", "\"quantity\":\"2\"")), is("payload/items/0/quantity: must be integer (is string)"));
        assertThat(refused(VALID.replace("ABC-1", "abc")), is("payload/items/0/sku: must match the pattern ^[A-Z]{3}-[0-9]+$"));
        assertThat(refused(VALID.replace("12.5", "0")), is("payload/total: must be > 0"));
        assertThat(refused(VALID.replace("[{\"sku\":\"ABC-1\",\"quantity\":2}]", "[]")), is("payload/items: must have at least 1 items"));
    }

    @Test
    void severalViolationsAreListedAfterTheFirst() {
        String message = refused("{\"order_id\":\"x\",\"status\":\"LOST\",\"items\":[]}");
        assertThat(message, startsWith("payload/"));
        assertThat(message.contains("(also "), is(true));
    }

    @Test
    void aPermissiveSchemaNeedsNoSecondRead() {
        assertThat(JsonSchemas.compile(tree(JsonSchemas.PERMISSIVE)).permissive(), is(true));
        assertThat(JsonSchemas.compile(tree("{\"type\":\"object\",\"title\":\"anything\"}")).permissive(), is(true));
        assertThat(order.permissive(), is(false));
    }

    @Test
    void aDefinitionMustBeASelfContainedJsonSchema202012() {
        assertThat(badDefinition("[]"), is("schema: must be a JSON Schema object"));
        assertThat(badDefinition("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}"),
                   is("schema/$schema: must be https://json-schema.org/draft/2020-12/schema (or absent)"));
        assertThat(badDefinition("{\"properties\":{\"a\":{\"$ref\":\"https://example.com/a.json\"}}}"),
                   is("schema/properties/a/$ref: must point inside the schema ('#...'): nothing is fetched from elsewhere"));
        assertThat(badDefinition("{\"$id\":\"urn:x\"}"),
                   is("schema/$id: is not supported: a type's schema is named by its type and version"));
        assertThat(badDefinition("{\"type\":\"objet\"}"), startsWith("schema/type: "));
        assertThat(badDefinition("{\"properties\":{\"n\":{\"minimum\":\"one\"}}}"), startsWith("schema/properties/n/minimum: "));
        assertThat(badDefinition("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}"), startsWith("schema: cannot be compiled: "));
        assertThat(badDefinition("{\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"[\"}}}"), startsWith("schema"));
        // A property named like a keyword is a name, not a reference.
        assertThat(JsonSchemas.compile(tree("{\"properties\":{\"$ref\":{\"type\":\"string\"}}}")).permissive(), is(false));
    }

    private String refused(String payload) {
        return assertThrows(InvalidEventException.class, () -> order.check(payload)).getMessage();
    }

    private static String badDefinition(String schema) {
        return assertThrows(InvalidEventException.class, () -> JsonSchemas.compile(tree(schema))).getMessage();
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
