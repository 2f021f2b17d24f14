package eventservice.support;

import java.time.Duration;

import eventservice.EventServiceApp;
import eventservice.Main;
import io.helidon.config.Config;
import io.helidon.webserver.WebServerConfig;

/** What every @SetUpServer does: start the service's parts and route the test server as Main does. */
public final class TestServer {
    private TestServer() {
    }

    public static EventServiceApp start(WebServerConfig.Builder server, Config config) {
        EventServiceApp app = startApp(config);
        server.config(config.get("server"));
        Main.setup(server, app);
        return app;
    }

    /** Starts the parts and, when the relay is on, waits until it runs (so publishes can be delivered directly). */
    public static EventServiceApp startApp(Config config) {
        EventServiceApp app = EventServiceApp.start(config);
        try {
            if (config.get("relay.enabled").asBoolean().orElse(true) && !app.awaitRelay(Duration.ofSeconds(60))) {
                app.close();
                throw new IllegalStateException("the relay did not start within 60 s: is Kafka up (bin/kafka start)?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return app;
    }
}
