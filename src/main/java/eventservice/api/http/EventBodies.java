package eventservice.api.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import eventservice.event.InvalidEventException;
import eventservice.event.Json;
import eventservice.event.PayloadCheck;
import eventservice.event.Printable;

/**
 * Request bodies read as trees, except that an event's {@code payload} object is kept as the exact
 * text the client sent (a {@link RawValue}): that text is what is stored and sent to Kafka.
 */
final class EventBodies {
    /** Reads one member's value, where the document goes on after it. */
    private static final ObjectReader MEMBER = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventBodies() {
    }

    /** A body that is one event (POST /events). */
    static ObjectNode event(String body) {
        return read(body, false);
    }

    /** A body whose {@code events} member is an array of events (POST /events:batch). */
    static ObjectNode batch(String body) {
        return read(body, true);
    }

    /** Any other body, all of it as a tree. */
    static ObjectNode tree(String body) {
        return read(body, null);
    }

    /** The text of a payload read by {@link #event} or {@link #batch}; null when it was not an object. */
    static String payloadText(JsonNode payload) {
        return payload instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw ? raw.rawValue().toString() : null;
    }

    /** {@code batch}: null for a body without events, false for one event, true for a batch. */
    private static ObjectNode read(String body, Boolean batch) {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("body", "must be a JSON object");
            }
            ObjectNode out;
            if (batch == null) {
                out = (ObjectNode) MEMBER.readTree(p);
            } else if (batch) {
                out = Json.MAPPER.createObjectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    boolean array = p.nextToken() == JsonToken.START_ARRAY;
                    out.set(name, array && name.equals("events") ? events(p, body) : MEMBER.readTree(p));
                }
            } else {
                out = event(p, body);
            }
            if (p.nextToken() != null) {
                throw new InvalidEventException("body", "must be valid JSON (one object, nothing after it)");
            }
            return out;
        } catch (StreamConstraintsException e) {
            throw new InvalidEventException("body", "is nested too deeply");
        } catch (JsonProcessingException e) {
            if (Json.isRepeatedMember(e)) {
                throw new InvalidEventException(path(e), "repeats a member name of its object (names must be unique)");
            }
            throw new InvalidEventException("body", "must be valid JSON");
        } catch (IOException e) {
            throw new InvalidEventException("body", "must be valid JSON");
        }
    }

    private static ArrayNode events(JsonParser p, String body) throws IOException {
        ArrayNode events = Json.MAPPER.createArrayNode();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            try {
                events.add(p.currentToken() == JsonToken.START_OBJECT ? event(p, body) : MEMBER.readTree(p));
            } catch (InvalidEventException e) {
                throw e.atIndex(i);
            }
        }
        return events;
    }

    /** The event whose START_OBJECT {@code p} is at; its payload object kept as text. */
    private static ObjectNode event(JsonParser p, String body) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() == JsonToken.START_OBJECT && name.equals("payload")) {
                int start = (int) p.currentTokenLocation().getCharOffset();
                try {
                    p.skipChildren();
                } catch (JsonProcessingException e) {
                    // The same check a payload sent on its own gets, so both doors give the same answer.
                    PayloadCheck.checkFirstValue(body.substring(start));
                    throw new InvalidEventException("payload", "must be valid JSON");
                }
                int end = (int) p.currentLocation().getCharOffset();
                event.putRawValue(name, new RawValue(body.substring(start, end)));
            } else {
                event.set(name, MEMBER.readTree(p));
            }
        }
        return event;
    }

    /** Where a repeated member is, as the errors name fields: "type", "metadata.k", "events[2].type". */
    private static String path(JsonProcessingException e) {
        if (!(e instanceof JsonParseException pe) || !(pe.getProcessor() instanceof JsonParser p)) {
            return "body";
        }
        StringBuilder out = new StringBuilder();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            String step = c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName();
            out.insert(0, step);
        }
        String path = out.length() > 0 && out.charAt(0) == '.' ? out.substring(1) : out.toString();
        return path.isEmpty() ? "body" : Printable.of(path, 200);
    }
}
