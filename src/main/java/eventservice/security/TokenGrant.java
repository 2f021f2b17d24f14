package eventservice.security;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured token's rights: the event types it may publish (names or patterns such as
 * {@code ORDER_*}) and its other scopes. {@code name} identifies it in errors and logs; the token
 * itself is never held, only its SHA-256.
 */
public record TokenGrant(String name, List<String> publish, Set<Scope> scopes, List<Pattern> publishPatterns) {

    public TokenGrant(String name, List<String> publish, Set<Scope> scopes) {
        this(name, List.copyOf(publish), Set.copyOf(scopes), publish.stream().map(TokenGrant::glob).toList());
    }

    /** AUTH_TOKEN: every scope, every type. */
    static TokenGrant all(String name) {
        return new TokenGrant(name, List.of("*"), Set.of(Scope.values()));
    }

    public boolean mayPublish(String type) {
        return publishPatterns.stream().anyMatch(p -> p.matcher(type).matches());
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** A type pattern: '*' stands for any run of characters, everything else for itself. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
