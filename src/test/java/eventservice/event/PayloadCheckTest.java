package eventservice.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a payload's text may hold: any JSON object, with unique names, no NUL, no lone surrogate. */
class PayloadCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"n\":12345678901234567890123456789.123456789,\"big\":1e400,\"tiny\":-1E-400,\"z\":-0,\"f\":1.0E+2}",
            " {\"a\" : [ ] , \"b\":{ }}\n",
            "{\"a\":\"\\ud83d\\ude00 \\\\u0000 is text\",\"\\u00e9\":\"\\/\"}",
            "{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}"})
    void acceptsAnyObjectWithUniqueNames(String payload) throws Exception {
        PayloadCheck.check(payload);
        assertThat(PayloadCheck.read(payload), is(Json.MAPPER.readTree(payload)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"a\":1,\"a\":2}                     | payload/a: repeats a member name of its object (names must be unique)",
            "{\"p\":{\"a\":1,\"a\":2}}             | payload/p/a: repeats a member name of its object (names must be unique)",
            "{\"l\":[0,{\"x\":{},\"x\":[]}]}       | payload/l/1/x: repeats a member name of its object (names must be unique)",
            "{\"a\":\"\\u0000\"}                   | payload/a: must not contain NUL (\\u0000)",
            "{\"a\":[\"ok\",\"\\ud800\"]}          | payload/a/1: must not contain an unpaired surrogate (\\ud800)",
            "{\"a\":\"\\udc00\\ud800\"}            | payload/a: must not contain an unpaired surrogate (\\udc00)",
            "[1]                                   | payload: must be a JSON object",
            "\"text\"                              | payload: must be a JSON object",
            "{\"a\":NaN}                           | payload: must be valid JSON",
            "{\"a\":01}                            | payload: must be valid JSON",
            "{\"a\":1}{}                           | payload: must be valid JSON (one object, nothing after it)",
            "{\"a\":1                              | payload: must be valid JSON"})
    void refusesNamingThePlace(String payload, String message) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> PayloadCheck.check(payload));
        assertThat(e.getMessage(), is(message));
        e = assertThrows(InvalidEventException.class, () -> PayloadCheck.read(payload));
        assertThat("read as a tree", e.getMessage(), is(message));
    }

    @Test
    void limitsNestingAndNumberLength() {
        PayloadCheck.check(nested(64));
        PayloadCheck.read(nested(64));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> PayloadCheck.check(nested(65)));
        assertThat(e.getMessage(), is("payload: is nested deeper than 64 levels"));
        e = assertThrows(InvalidEventException.class, () -> PayloadCheck.read(nested(65)));
        assertThat(e.getMessage(), is("payload: is nested deeper than 64 levels"));
        String longNumber = "{\"n\":" + "9".repeat(1001) + "}";
        e = assertThrows(InvalidEventException.class, () -> PayloadCheck.check(longNumber));
        assertThat(e.getMessage(), is("payload/n: must not hold a number longer than 1000 characters"));
        e = assertThrows(InvalidEventException.class, () -> PayloadCheck.read(longNumber));
        assertThat(e.getMessage(), is("payload/n: must not hold a number longer than 1000 characters"));
    }

    @Test
    void theFirstValueOfALongerTextIsCheckedAlone() {
        PayloadCheck.checkFirstValue("{\"a\":1},\"type\":\"X\"}");
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> PayloadCheck.checkFirstValue("{\"a\":1,\"a\":2},\"type\":\"X\"}"));
        assertThat(e.getMessage(), is("payload/a: repeats a member name of its object (names must be unique)"));
    }

    private static String nested(int levels) {
        return "{\"a\":".repeat(levels - 1) + "[1]" + "}".repeat(levels - 1);
    }
}
