package eventservice.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import eventservice.event.InvalidEventException;

/**
 * The opaque cursor of a page: the last {@code seq} seen. Keyset paging over seq never skips or
 * repeats an event when others are inserted meanwhile.
 */
public final class PageToken {
    private static final String PREFIX = "v1:";

    private PageToken() {
    }

    public static String encode(long lastSeq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastSeq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The seq after which the page starts; 0 for an empty token. */
    public static long decode(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            if (token.length() > 64) {
                throw new IllegalArgumentException();
            }
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (!text.startsWith(PREFIX)) {
                throw new IllegalArgumentException();
            }
            long seq = Long.parseLong(text.substring(PREFIX.length()));
            if (seq < 0) {
                throw new IllegalArgumentException();
            }
            return seq;
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("page_token", "is not a token this service issued");
        }
    }
}
