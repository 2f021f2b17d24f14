package eventservice.event;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * The rules a payload's JSON text must pass; the text itself is kept as it is. One object, member
 * names unique in each object, at most {@link Json#MAX_PAYLOAD_DEPTH} levels, no NUL character and
 * no unpaired surrogate in any string (both can only come from \\u escapes in valid UTF-8 text).
 * Errors name the place as a JSON pointer after "payload".
 */
public final class PayloadCheck {
    private PayloadCheck() {
    }

    /** Checks {@code text}, which must hold one object and nothing after it but whitespace. */
    public static void check(String text) {
        walk(text, true);
    }

    /**
     * Finds the first error of the object at the start of {@code text}, whatever follows it: for a
     * payload read inside a request body, so that it is refused with the words its own text gets.
     */
    public static void checkFirstValue(String text) {
        walk(text, false);
    }

    private static void walk(String text, boolean whole) {
        boolean escapes = text.indexOf("\\u") >= 0;
        JsonParser p;
        try {
            p = Json.FACTORY.createParser(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (p) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("payload", "must be a JSON object");
            }
            int depth = 1;
            while (depth > 0) {
                JsonToken token = p.nextToken();
                if (token == null) {
                    throw new InvalidEventException("payload", "must be valid JSON");
                }
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > Json.MAX_PAYLOAD_DEPTH) {
                            throw new InvalidEventException("payload", "is nested deeper than " + Json.MAX_PAYLOAD_DEPTH + " levels");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME, VALUE_STRING -> {
                        if (escapes) {
                            requireText(p);
                        }
                    }
                    default -> { }
                }
            }
            if (whole && p.nextToken() != null) {
                throw new InvalidEventException("payload", "must be valid JSON (one object, nothing after it)");
            }
        } catch (StreamConstraintsException e) {
            throw new InvalidEventException(where(p), "must not hold " + limit(e));
        } catch (JsonProcessingException e) {
            if (Json.isRepeatedMember(e)) {
                throw new InvalidEventException(where(p), "repeats a member name of its object (names must be unique)");
            }
            throw new InvalidEventException("payload", "must be valid JSON");
        } catch (IOException e) {
            throw new InvalidEventException("payload", "must be valid JSON");
        }
    }

    private static void requireText(JsonParser p) throws IOException {
        String s = p.getText();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                throw new InvalidEventException(where(p), "must not contain NUL (\\u0000)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException(where(p), "must not contain an unpaired surrogate (\\u" + Integer.toHexString(c) + ")");
            }
        }
    }

    private static String where(JsonParser p) {
        return "payload" + Printable.of(Json.pointer(p.getParsingContext()), 200);
    }

    private static String limit(StreamConstraintsException e) {
        StreamReadConstraints limits = Json.FACTORY.streamReadConstraints();
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Number value length")) {
            return "a number longer than " + limits.getMaxNumberLength() + " characters";
        }
        if (message.startsWith("String value length")) {
            return "a string longer than " + limits.getMaxStringLength() + " characters";
        }
        return "nesting or size beyond the parser's limits";
    }
}
