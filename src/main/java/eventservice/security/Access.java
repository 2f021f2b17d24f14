package eventservice.security;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.config.Config;

/**
 * Bearer tokens and what each may do, for both doors. AUTH_TOKEN (optional) may do everything;
 * scoped tokens ({@link TokenSettings}) may do what their scopes say. With no token configured
 * everything is open; with any, writes, relay commands and type changes need a token; reads stay
 * open unless some token has the read scope. A presented token is hashed and looked up by its
 * SHA-256, so the comparison does not depend on how much of the token matched; tokens are never logged.
 */
public final class Access {
    private static final String BEARER = "Bearer ";

    private final Map<String, TokenGrant> grants;
    private final boolean readsGuarded;

    private Access(Map<String, TokenGrant> grants, boolean readsGuarded) {
        this.grants = Map.copyOf(grants);
        this.readsGuarded = readsGuarded;
    }

    /** From {@code security}; {@link eventservice.config.InvalidSettingException} naming a wrong entry. */
    public static Access create(Config security) {
        Map<String, TokenGrant> grants = new LinkedHashMap<>(TokenSettings.read(security));
        // AUTH_TOKEN has every scope, yet alone it leaves reads open, as it always did.
        boolean readsGuarded = grants.values().stream().anyMatch(g -> g.has(Scope.READ));
        String token = security.get("auth-token").asString().orElse("");
        if (!token.isEmpty()) {
            grants.put(TokenSettings.sha256Hex(token), TokenGrant.all("AUTH_TOKEN"));
        }
        return new Access(grants, readsGuarded);
    }

    /** Whether any token is configured. */
    public boolean tokensRequired() {
        return !grants.isEmpty();
    }

    /** The caller whose Authorization header (value, or null) this is. */
    public Caller caller(String authorization) {
        TokenGrant grant = null;
        if (authorization != null && authorization.startsWith(BEARER) && !grants.isEmpty()) {
            grant = grants.get(TokenSettings.sha256Hex(authorization.substring(BEARER.length())));
        }
        return new Caller(grant, !grants.isEmpty(), readsGuarded);
    }
}
