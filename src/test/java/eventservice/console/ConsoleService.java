package eventservice.console;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import eventservice.support.TestConfig;
import io.helidon.config.Config;

import static eventservice.console.ConsoleService.TOKEN;
import static eventservice.console.ConsoleService.WAIT;

/**
 * The service the console tests drive: AUTH_TOKEN set, so reads are open and every action asks
 * for the token first.
 */
final class ConsoleService {
    static final String TOKEN = "console-tok-8d41e2";
    static final Duration WAIT = Duration.ofSeconds(30);

    private ConsoleService() {
    }

    static Config config(Class<?> owner, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(more);
        all.put("security.auth-token", TOKEN);
        return TestConfig.forTest(owner, all);
    }
}
