package eventservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Reads an answer's JSON as a client byte-checking it would: a member's value as the exact text sent. */
public final class HttpJson {
    private static final JsonFactory JSON = new JsonFactory();

    private HttpJson() {
    }

    /** The text of the first member called {@code name}, at any depth; null when there is none. */
    public static String rawMember(String json, String name) {
        List<String> all = rawMembers(json, name);
        return all.isEmpty() ? null : all.getFirst();
    }

    /** The text of each member called {@code name}, in document order (not looking inside those). */
    public static List<String> rawMembers(String json, String name) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals(name)) {
                    p.nextToken();
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    out.add(json.substring(start, (int) p.currentLocation().getCharOffset()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
