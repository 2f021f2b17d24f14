package eventservice.security;

import java.util.List;
import java.util.Map;

import eventservice.config.InvalidSettingException;
import eventservice.support.Tokens;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tokens and scopes as configured: both forms, what each scope allows, and a wrong entry named in one line. */
class AccessTest {
    private static final String ORDERS = "orders-token";
    private static final String OPS = "ops-token";

    @Test
    void theYamlListAndTheEnvironmentFormGrantTheirScopes() {
        Access access = Access.create(yaml("""
                security:
                  auth-token: everything
                  tokens:
                    - name: orders-service
                      sha256: %s
                      scopes: [publish:ORDER_*, publish:PAYMENT_COMPLETED, read]
                  auth-tokens: "ops:%s:operate,admin"
                """.formatted(Tokens.sha256(ORDERS), Tokens.sha256(OPS).toUpperCase())));

        Caller orders = access.caller("Bearer " + ORDERS);
        orders.requirePublish(List.of("ORDER_CREATED", "ORDER_CANCELLED", "PAYMENT_COMPLETED"));
        orders.require(Scope.READ);
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                () -> orders.requirePublish(List.of("ORDER_CREATED", "USER_CREATED", "PAYMENT_FAILED", "USER_CREATED")));
        assertThat(denied.getMessage(), is("token 'orders-service' may not publish PAYMENT_FAILED, USER_CREATED "
                + "(its publish scope: ORDER_*, PAYMENT_COMPLETED)"));
        assertThat(assertThrows(PermissionDeniedException.class, () -> orders.require(Scope.ADMIN)).getMessage(),
                   is("token 'orders-service' does not have the admin scope"));

        Caller ops = access.caller("Bearer " + OPS);
        ops.require(Scope.OPERATE);
        ops.require(Scope.ADMIN);
        assertThrows(PermissionDeniedException.class, () -> ops.require(Scope.READ));
        assertThrows(PermissionDeniedException.class, () -> ops.requirePublish(List.of("ORDER_CREATED")));

        Caller all = access.caller("Bearer everything");
        all.requirePublish(List.of("USER_CREATED"));
        all.require(Scope.READ);
        all.require(Scope.ADMIN);

        for (String header : new String[] {null, "Bearer wrong", ORDERS, "Basic " + ORDERS}) {
            Caller stranger = access.caller(header);
            assertThrows(UnauthenticatedException.class, () -> stranger.requirePublish(List.of("ORDER_CREATED")));
            assertThrows(UnauthenticatedException.class, () -> stranger.require(Scope.READ));
            assertThrows(UnauthenticatedException.class, () -> stranger.require(Scope.OPERATE));
        }
    }

    @Test
    void readsStayOpenUnlessSomeTokenHasTheReadScope() {
        Access authTokenOnly = Access.create(map(Map.of("security.auth-token", "everything")));
        authTokenOnly.caller(null).require(Scope.READ);
        assertThrows(UnauthenticatedException.class, () -> authTokenOnly.caller(null).require(Scope.OPERATE));

        Access publisherOnly = Access.create(map(Map.of("security.auth-tokens", "p:" + Tokens.sha256(ORDERS) + ":publish:*")));
        publisherOnly.caller(null).require(Scope.READ);
        publisherOnly.caller("Bearer " + ORDERS).requirePublish(List.of("ANY_TYPE"));

        Access none = Access.create(map(Map.of()));
        assertThat(none.tokensRequired(), is(false));
        none.caller(null).requirePublish(List.of("ORDER_CREATED"));
        none.caller(null).require(Scope.ADMIN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orders:abc:read                 | AUTH_TOKENS entry 1.sha256: must be the token's SHA-256 as 64 hex digits",
            "orders:HASH:publsh:ORDER_*      | AUTH_TOKENS entry 1.scopes: 'publsh:ORDER_*' is not a scope",
            "orders:HASH:publish:ORDER CREATED | AUTH_TOKENS entry 1.scopes: 'publish:ORDER CREATED' is not a scope",
            "orders                          | AUTH_TOKENS entry 1: must be name:sha256:scope[,scope...]",
            "a b:HASH:read                   | AUTH_TOKENS entry 1.name: must be 1-64 letters, digits",
            "a:HASH:read;b:HASH:operate      | AUTH_TOKENS entry 2.sha256: is the same token as 'a'"})
    void aWrongEntryIsNamedInOneLine(String entries, String message) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Access.create(
                map(Map.of("security.auth-tokens", entries.replace("HASH", Tokens.sha256(ORDERS))))));
        assertThat(e.getMessage(), e.getMessage().startsWith(message), is(true));
        assertThat("never the hash itself", e.getMessage().contains(Tokens.sha256(ORDERS)), is(false));
    }

    @Test
    void aYamlEntryIsNamedByItsKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Access.create(yaml("""
                security:
                  tokens:
                    - name: ok
                      sha256: %s
                      scopes: [read]
                    - name: no-scopes
                      sha256: %s
                """.formatted(Tokens.sha256(ORDERS), Tokens.sha256(OPS)))));
        assertThat(e.getMessage(), e.getMessage().startsWith("security.tokens.1.scopes: is missing"), is(true));
    }

    private static Config yaml(String text) {
        return Config.just(ConfigSources.create(text, MediaTypes.APPLICATION_X_YAML)).get("security");
    }

    private static Config map(Map<String, String> values) {
        return Config.just(ConfigSources.create(values)).get("security");
    }
}
