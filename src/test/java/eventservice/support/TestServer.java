package eventservice.support;

import eventservice.EventServiceApp;
import eventservice.Main;
import io.helidon.config.Config;
import io.helidon.webserver.WebServerConfig;

/** What every @SetUpServer does: start the service's parts and route the test server as Main does. */
public final class TestServer {
    private TestServer() {
    }

    public static EventServiceApp start(WebServerConfig.Builder server, Config config) {
        EventServiceApp app = EventServiceApp.start(config);
        server.config(config.get("server"));
        Main.setup(server, app);
        return app;
    }
}
