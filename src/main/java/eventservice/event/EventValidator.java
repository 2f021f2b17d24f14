package eventservice.event;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import eventservice.config.CheckedConfig;
import eventservice.config.InvalidSettingException;
import io.helidon.config.Config;

/**
 * The rules every event passes before it is stored, whichever door it came through.
 */
public final class EventValidator {
    public static final int MAX_AGGREGATE_ID = 255;
    public static final int MAX_IDEMPOTENCY_KEY = 255;
    public static final int MAX_METADATA_ENTRIES = 32;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 1024;
    /** An event type's name: it appears in URLs (ce_dataschema) and topic mappings. */
    public static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");
    public static final String TYPE_NAME_RULE = "must be 1-128 letters, digits, '_', '.', '-', starting with a letter or digit";
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1," + MAX_METADATA_KEY + "}");

    private final Predicate<String> knownTypes;
    private final List<String> configuredTypes;
    private final int maxPayloadBytes;

    /** {@code knownTypes}: whether a type is registered (the registry's, once it is open). */
    public EventValidator(Predicate<String> knownTypes, List<String> configuredTypes, int maxPayloadBytes) {
        this.knownTypes = knownTypes;
        this.configuredTypes = List.copyOf(configuredTypes);
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** From {@code events}; the configured types are the known ones until {@link #knowing} says otherwise. */
    public static EventValidator create(Config events) {
        List<String> types = events.get("types").asList(String.class).get();
        for (String type : types) {
            if (!TYPE_NAME.matcher(type).matches()) {
                throw new InvalidSettingException(events.get("types").key() + ": '" + Printable.of(type, 64) + "' "
                        + TYPE_NAME_RULE);
            }
        }
        int maxPayload = CheckedConfig.atLeast(events.get("max-payload-bytes"), 1, 1024 * 1024);
        return new EventValidator(List.copyOf(types)::contains, types, maxPayload);
    }

    /** The same rules, with {@code knownTypes} telling which types exist (the type registry). */
    public EventValidator knowing(Predicate<String> known) {
        return new EventValidator(known, configuredTypes, maxPayloadBytes);
    }

    /** The types of {@code events.types}. */
    public List<String> configuredTypes() {
        return configuredTypes;
    }

    /**
     * Checks one event; its payload is stored as the text given. The payload is checked first, so
     * both doors name the same first error (HTTP finds a payload's syntax errors while reading its
     * body). {@code readTree}: also return the payload read as a tree, in the same pass as its check,
     * for a schema to validate (null otherwise).
     */
    public JsonNode validate(NewEvent event, boolean readTree) {
        JsonNode payload = payload(event.payload(), readTree);
        requireType(event.type());
        String aggregateId = event.aggregateId();
        if (aggregateId == null || aggregateId.isBlank()) {
            throw new InvalidEventException("aggregate_id", "must not be empty");
        }
        if (aggregateId.length() > MAX_AGGREGATE_ID) {
            throw new InvalidEventException("aggregate_id", "must be at most " + MAX_AGGREGATE_ID + " characters");
        }
        requireText("aggregate_id", aggregateId);
        if (event.idempotencyKey() != null) {
            if (event.idempotencyKey().length() > MAX_IDEMPOTENCY_KEY) {
                throw new InvalidEventException("idempotency_key", "must be at most " + MAX_IDEMPOTENCY_KEY + " characters");
            }
            requireText("idempotency_key", event.idempotencyKey());
        }
        validateMetadata(event.metadata());
        return payload;
    }

    /** Checks a type filter or an event's type. */
    public void requireType(String type) {
        if (type == null || type.isEmpty()) {
            throw new InvalidEventException("type", "must not be empty");
        }
        if (!knownTypes.test(type)) {
            throw new InvalidEventException("type", "unknown event type '" + Printable.of(type, 64) + "'");
        }
    }

    private void validateMetadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new InvalidEventException("metadata", "must have at most " + MAX_METADATA_ENTRIES + " entries");
        }
        for (var entry : metadata.entrySet()) {
            String key = entry.getKey();
            if (!METADATA_KEY.matcher(key).matches()) {
                throw new InvalidEventException("metadata", "keys must be 1-" + MAX_METADATA_KEY
                        + " characters of letters, digits, '_', '.', '-'");
            }
            String value = entry.getValue();
            if (value.length() > MAX_METADATA_VALUE) {
                throw new InvalidEventException("metadata." + key, "must be at most " + MAX_METADATA_VALUE + " characters");
            }
            requireText("metadata." + key, value);
        }
    }

    private JsonNode payload(String payload, boolean readTree) {
        if (payload == null || payload.isEmpty()) {
            throw new InvalidEventException("payload", "must not be empty");
        }
        // a char is at most 3 bytes of UTF-8 (a surrogate pair 4 for its two): most payloads need no count
        if (payload.length() > maxPayloadBytes
                || payload.length() > maxPayloadBytes / 3 && utf8Length(payload) > maxPayloadBytes) {
            throw new InvalidEventException("payload", "must be at most " + maxPayloadBytes + " bytes");
        }
        if (readTree) {
            return PayloadCheck.read(payload);
        }
        PayloadCheck.check(payload);
        return null;
    }

    /** Strings go to PostgreSQL text columns and Kafka headers: no NUL, no other control characters. */
    private static void requireText(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidEventException(field, "must not contain control characters");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidEventException(field, "must be valid UTF-8 text");
                }
            }
        }
    }

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
