package eventservice.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eventservice.event.InvalidEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Request bodies: each payload kept as the text sent; repeated members refused by their path. */
class EventBodiesTest {

    @Test
    void aPayloadIsKeptAsTheTextSent() {
        String payload = "{ \"n\" : 12345678901234567890123456789.123456789, \"big\":1e400,\"z\":-0.0,"
                + " \"s\":\"\\u00e9\\ud83d\\ude00\", \"l\":[1.0E+2 ,{}] }";
        ObjectNode event = EventBodies.event("{\"type\":\"T\",\"payload\":  " + payload + "  ,\"aggregate_id\":\"a\"}");
        assertThat(EventBodies.payloadText(event.get("payload")), is(payload));
        assertThat(event.get("aggregate_id").asText(), is("a"));
    }

    @Test
    void eachEventOfABatchKeepsItsOwnText() {
        ObjectNode batch = EventBodies.batch("{\"events\":[{\"payload\":{\"a\":1}},{\"payload\":{ \"a\" :2 }}, 7]}");
        assertThat(EventBodies.payloadText(batch.get("events").get(0).get("payload")), is("{\"a\":1}"));
        assertThat(EventBodies.payloadText(batch.get("events").get(1).get("payload")), is("{ \"a\" :2 }"));
        assertThat(batch.get("events").get(2).asInt(), is(7));
    }

    @Test
    void aPayloadThatIsNotAnObjectHasNoText() {
        assertThat(EventBodies.payloadText(EventBodies.event("{\"payload\":[1]}").get("payload")) == null, is(true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"A\",\"type\":\"B\"}                                | type",
            "{\"metadata\":{\"k\":\"1\",\"k\":\"2\"}}                       | metadata.k",
            "{\"payload\":{\"p\":{\"a\":1,\"a\":2}}}                        | payload/p/a",
            "{\"payload\":{},\"payload\":{}}                                | payload"})
    void aRepeatedMemberIsRefusedByItsPath(String body, String path) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventBodies.event(body));
        assertThat(e.getMessage(), is(path + ": repeats a member name of its object (names must be unique)"));
    }

    @Test
    void inABatchTheEventIsNamedByItsIndex() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventBodies.batch("{\"events\":[{\"payload\":{}},{\"payload\":{\"a\":1,\"a\":1}}]}"));
        assertThat(e.getMessage(), is("events[1].payload/a: repeats a member name of its object (names must be unique)"));
        e = assertThrows(InvalidEventException.class,
                () -> EventBodies.batch("{\"events\":[{\"type\":\"A\"},{\"type\":\"A\",\"type\":\"A\"}]}"));
        assertThat(e.getMessage(), is("events[1].type: repeats a member name of its object (names must be unique)"));
    }

    @Test
    void aPayloadsSyntaxErrorIsThePayloads() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventBodies.event("{\"payload\":{\"a\":01},\"type\":\"X\"}"));
        assertThat(e.getMessage(), is("payload: must be valid JSON"));
        e = assertThrows(InvalidEventException.class, () -> EventBodies.event("{\"type\":\"X\",}"));
        assertThat(e.getMessage(), is("body: must be valid JSON"));
    }

    @Test
    void otherBodiesAreReadWithExactNumbers() {
        ObjectNode body = EventBodies.tree("{\"limit\":10,\"x\":1.10}");
        assertThat(body.get("x").decimalValue().toPlainString(), is("1.10"));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventBodies.tree("{\"limit\":1,\"limit\":2}"));
        assertThat(e.getMessage(), is("limit: repeats a member name of its object (names must be unique)"));
    }
}
