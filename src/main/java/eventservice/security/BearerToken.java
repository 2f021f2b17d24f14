package eventservice.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.helidon.config.Config;

/**
 * Optional shared-secret authentication (AUTH_TOKEN) for writes and relay commands. Reads and
 * health stay open. Compared in constant time; the token is never logged.
 */
public final class BearerToken {
    private final byte[] expected;

    private BearerToken(String token) {
        this.expected = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    public static BearerToken create(Config security) {
        return new BearerToken(security.get("auth-token").asString().orElse(""));
    }

    public boolean required() {
        return expected != null;
    }

    /** True when no token is configured or {@code authorization} carries it. */
    public boolean accepts(String authorization) {
        if (expected == null) {
            return true;
        }
        return authorization != null
                && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }
}
