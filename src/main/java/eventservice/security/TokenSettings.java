package eventservice.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import eventservice.config.InvalidSettingException;
import eventservice.event.Printable;
import io.helidon.config.Config;

/**
 * The scoped tokens of the configuration, each as its SHA-256 (never the token) with its scopes:
 * the list {@code security.tokens} of application.yaml, and AUTH_TOKENS
 * ({@code security.auth-tokens}: {@code name:sha256:scope,scope;name:sha256:scope}). A wrong
 * entry stops start-up with one line naming it.
 */
final class TokenSettings {
    private static final String SCOPES = "read, operate, admin, publish:TYPE or publish:PATTERN (e.g. publish:ORDER_*)";

    private TokenSettings() {
    }

    /** The grants by the hex SHA-256 of their token, in the order configured. */
    static Map<String, TokenGrant> read(Config security) {
        Map<String, TokenGrant> grants = new LinkedHashMap<>();
        for (Config token : security.get("tokens").asNodeList().orElse(List.of())) {
            String where = token.key().toString();
            String name = token.get("name").asString().orElseThrow(() -> invalid(where + ".name", "is missing"));
            String hash = token.get("sha256").asString().orElseThrow(() -> invalid(where + ".sha256", "is missing"));
            List<String> scopes = token.get("scopes").asList(String.class).orElseThrow(() -> invalid(where + ".scopes",
                    "is missing (a list of " + SCOPES + ")"));
            add(grants, where, name, hash, scopes);
        }
        String text = security.get("auth-tokens").asString().orElse("");
        int index = 0;
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            index++;
            String where = "AUTH_TOKENS entry " + index;
            String[] fields = entry.strip().split(":", 3);
            if (fields.length < 3) {
                throw invalid(where, "must be name:sha256:scope[,scope...]");
            }
            add(grants, where, fields[0].strip(), fields[1].strip(), List.of(fields[2].split(",")));
        }
        return grants;
    }

    private static void add(Map<String, TokenGrant> grants, String where, String name, String hash, List<String> scopes) {
        if (!name.matches("[A-Za-z0-9_.\\-]{1,64}")) {
            throw invalid(where + ".name", "must be 1-64 letters, digits, '_', '.', '-'");
        }
        String hex = hash.toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw invalid(where + ".sha256", "must be the token's SHA-256 as 64 hex digits (printf %s \"$TOKEN\" | sha256sum)");
        }
        List<String> publish = new ArrayList<>();
        Set<Scope> other = EnumSet.noneOf(Scope.class);
        for (String raw : scopes) {
            String scope = raw.strip();
            if (scope.startsWith("publish:") && scope.substring(8).matches("[A-Za-z0-9_.\\-*]{1,128}")) {
                publish.add(scope.substring(8));
            } else if (scope.matches("read|operate|admin")) {
                other.add(Scope.valueOf(scope.toUpperCase(Locale.ROOT)));
            } else {
                throw invalid(where + ".scopes", "'" + Printable.of(scope, 80) + "' is not a scope (" + SCOPES + ")");
            }
        }
        if (publish.isEmpty() && other.isEmpty()) {
            throw invalid(where + ".scopes", "must hold at least one scope (" + SCOPES + ")");
        }
        TokenGrant previous = grants.putIfAbsent(hex, new TokenGrant(name, publish, other));
        if (previous != null) {
            throw invalid(where + ".sha256", "is the same token as '" + previous.name() + "'");
        }
    }

    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every JDK has SHA-256
        }
    }

    private static InvalidSettingException invalid(String where, String problem) {
        return new InvalidSettingException(where + ": " + problem);
    }
}
