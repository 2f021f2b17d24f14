package eventservice.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The service's one JSON configuration: request bodies, payload checks, rows, cache entries and
 * answers all read and write through it. Numbers stay exact (no double on any path), a repeated
 * member name is an error, and nesting is bounded.
 */
public final class Json {
    /** How deep a payload may nest; a request body adds at most {@link #ENVELOPE_DEPTH} levels. */
    public static final int MAX_PAYLOAD_DEPTH = 64;
    static final int ENVELOPE_DEPTH = 4;

    /** Buffers pooled across threads: every request runs on a new virtual thread. */
    public static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .streamReadConstraints(StreamReadConstraints.builder()
                                           .maxNestingDepth(MAX_PAYLOAD_DEPTH + ENVELOPE_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .addModule(new JavaTimeModule())
            .build();

    private Json() {
    }

    /** Whether Jackson refused a member name that its object already has. */
    public static boolean isRepeatedMember(JsonProcessingException e) {
        return e instanceof JsonParseException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Duplicate field");
    }

    static String pointer(JsonStreamContext context) {
        return context == null ? "" : context.pathAsPointer().toString();
    }
}
