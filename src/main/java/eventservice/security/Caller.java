package eventservice.security;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import eventservice.event.Printable;

/**
 * Who is calling, as far as the bearer token says, and the checks each operation makes: a missing
 * or unknown token is {@link UnauthenticatedException}, a known one without the scope is
 * {@link PermissionDeniedException}. With no token configured at all, everything is open.
 *
 * @param grant          the token's rights; null for a caller without a known token
 * @param tokensRequired whether any token is configured (writes, relay commands, type changes then need one)
 * @param readsGuarded   whether some token has the read scope (reads then need a token that has it)
 */
public record Caller(TokenGrant grant, boolean tokensRequired, boolean readsGuarded) {

    /** Who the caller is, for the record (who cancelled, who replayed): its token's name, else "anonymous". */
    public String identity() {
        return grant == null ? "anonymous" : grant.name();
    }

    /** A token is needed and this caller has a valid one (or none is needed). */
    public void requireToken() {
        if (grant == null && tokensRequired) {
            throw new UnauthenticatedException();
        }
    }

    public void require(Scope scope) {
        boolean guarded = scope == Scope.READ ? readsGuarded : tokensRequired;
        if (!guarded) {
            return;
        }
        if (grant == null) {
            throw new UnauthenticatedException();
        }
        if (!grant.has(scope)) {
            throw new PermissionDeniedException("token '" + grant.name() + "' does not have the "
                    + scope.name().toLowerCase(Locale.ROOT) + " scope");
        }
    }

    /** May publish every one of {@code types}; a batch is refused whole, naming each type it may not publish. */
    public void requirePublish(Collection<String> types) {
        if (!tokensRequired) {
            return;
        }
        requireToken();
        // An empty type is left to validation, which names it as a missing field.
        List<String> denied = types.stream().distinct().filter(t -> !t.isEmpty() && !grant.mayPublish(t)).sorted().toList();
        if (!denied.isEmpty()) {
            throw new PermissionDeniedException("token '" + grant.name() + "' may not publish "
                    + String.join(", ", denied.stream().map(t -> Printable.of(t, 64)).toList())
                    + " (its publish scope: " + String.join(", ", grant.publish()) + ")");
        }
    }
}
