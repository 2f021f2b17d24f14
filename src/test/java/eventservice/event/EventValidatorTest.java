package eventservice.event;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventValidatorTest {
    private final EventValidator validator = new EventValidator(Set.of("ORDER_CREATED")::contains, List.of("ORDER_CREATED"), 100);

    private static NewEvent event(String payload) {
        return new NewEvent("ORDER_CREATED", "o-1", payload, Map.of(), null);
    }

    @Test
    void acceptsAValidEvent() {
        assertThat(validator.validate(event("{\"a\":1}"), false), is(nullValue()));
        assertThat(validator.validate(event("{\"a\":1}"), true).toString(), is("{\"a\":1}"));
    }

    @Test
    void payloadSizeCountsUtf8Bytes() {
        String fits = "{\"a\":\"" + "x".repeat(92) + "\"}";
        assertThat(validator.validate(event(fits), true).get("a").asText().length(), is(92));
        String tooBig = "{\"a\":\"" + "é".repeat(50) + "\"}";   // 56 chars, 106 bytes
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> validator.validate(event(tooBig), false));
        assertThat(e.getMessage(), is("payload: must be at most 100 bytes"));
    }

    @Test
    void unpairedSurrogatesAreNotText() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> validator.validate(new NewEvent("ORDER_CREATED", "o-\uD800", "{}", Map.of(), null), false));
        assertThat(e.getMessage(), is("aggregate_id: must be valid UTF-8 text"));
    }

    @Test
    void batchErrorsNameTheIndex() {
        InvalidEventException e = new InvalidEventException("payload", "must be a JSON object").atIndex(7);
        assertThat(e.getMessage(), is("events[7].payload: must be a JSON object"));
        assertThat(e.field(), is("events[7].payload"));
    }

    @Test
    void idsAreTimeOrderedVersion7() {
        UUID first = EventIds.next();
        UUID second = EventIds.next();
        assertThat(first.version(), is(7));
        assertThat(first.variant(), is(2));
        assertThat(second.getMostSignificantBits() >>> 16 >= first.getMostSignificantBits() >>> 16, is(true));
        assertThrows(InvalidEventException.class, () -> EventIds.parse("id", "1234"));
    }
}
