package eventservice.event;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * The rules a payload's JSON text must pass; the text itself is kept as it is. One object, member
 * names unique in each object, at most {@link Json#MAX_PAYLOAD_DEPTH} levels, no NUL character and
 * no unpaired surrogate in any string (both can only come from \\u escapes in valid UTF-8 text).
 * Errors name the place as a JSON pointer after "payload".
 */
public final class PayloadCheck {
    // The walk itself says what may follow the object.
    private static final ObjectReader TREE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PayloadCheck() {
    }

    /** Checks {@code text}, which must hold one object and nothing after it but whitespace. */
    public static void check(String text) {
        walk(text, true, false);
    }

    /**
     * Finds the first error of the object at the start of {@code text}, whatever follows it: for a
     * payload read inside a request body, so that it is refused with the words its own text gets.
     */
    public static void checkFirstValue(String text) {
        walk(text, false, false);
    }

    /**
     * Checks {@code text} as {@link #check} does and returns it read as a tree, in the same pass:
     * for a payload that a schema validates next.
     */
    public static JsonNode read(String text) {
        return walk(text, true, true);
    }

    private static JsonNode walk(String text, boolean whole, boolean tree) {
        Checking p;
        try {
            p = new Checking(Json.FACTORY.createParser(text), text.indexOf("\\u") >= 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (p) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("payload", "must be a JSON object");
            }
            JsonNode read = null;
            if (tree) {
                read = TREE.readTree(p);
            } else {
                while (p.depth > 0) {
                    p.nextToken();  // the end of the text inside the object is refused by Checking
                }
            }
            if (whole && p.nextToken() != null) {
                throw new InvalidEventException("payload", "must be valid JSON (one object, nothing after it)");
            }
            return read;
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

    /** The token stream with the rules applied to each token, whoever reads it: this walk or the tree reader. */
    private static final class Checking extends JsonParserDelegate {
        private final boolean escapes;
        private int depth;

        Checking(JsonParser parser, boolean escapes) {
            super(parser);
            this.escapes = escapes;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = delegate.nextToken();
            if (token == null) {
                if (depth > 0) {
                    throw new InvalidEventException("payload", "must be valid JSON");
                }
                return null;
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
                        requireText(delegate);
                    }
                }
                default -> { }
            }
            return token;
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken token = nextToken();
            return token == JsonToken.FIELD_NAME ? nextToken() : token;
        }

        @Override
        public JsonParser skipChildren() throws IOException {
            JsonToken at = currentToken();
            if (at == JsonToken.START_OBJECT || at == JsonToken.START_ARRAY) {
                int until = depth - 1;
                while (depth > until && nextToken() != null) {
                    // every skipped token is checked too
                }
            }
            return this;
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
