package eventservice.types;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.Eventually;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static eventservice.types.EventTypesHttpTest.event;
import static eventservice.types.EventTypesHttpTest.newType;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Two instances of the service on one database: a type registered, a schema changed and a topic
 * moved through one are enforced by the other within a second, without a restart.
 */
class RegistryAcrossInstancesTest {
    private static final Duration WITHIN = Duration.ofSeconds(1);

    private static Instance a;
    private static Instance b;
    private static TestDb db;
    private static String topic;

    private record Instance(EventServiceApp app, WebServer server, HttpCalls http) {
        static Instance start(Config config) {
            EventServiceApp app = TestServer.startApp(config);
            WebServer server = WebServer.builder().config(config.get("server")).update(s -> Main.setup(s, app)).build().start();
            Http1Client client = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port(Main.HTTP)).build();
            return new Instance(app, server, HttpCalls.of(client));
        }

        void stop() {
            server.stop();
            app.close();
        }
    }

    @BeforeAll
    static void start() {
        Config config = TestConfig.forTest(RegistryAcrossInstancesTest.class, Map.of("relay.enabled", "false", "redis.host", ""));
        db = new TestDb(config.get("db.name").asString().get());
        topic = config.get("kafka.topic").asString().get();
        a = Instance.start(config);
        b = Instance.start(config);
    }

    @AfterAll
    static void stop() {
        b.stop();
        a.stop();
    }

    @Test
    void aChangeMadeThroughOneInstanceIsEnforcedByTheOtherWithinASecond() {
        String type = newType();
        String zero = event(type, "across", "{\"quantity\":0}");
        assertThat(a.http().put("/api/v1/event-types/" + type, "{\"schema\":{\"type\":\"object\"}}").status(), is(201));
        Eventually.await(WITHIN, "the other instance takes the new type", () -> b.http().post("/api/v1/events", zero).status() == 201);

        HttpCalls.Answer changed = a.http().put("/api/v1/event-types/" + type,
                "{\"schema\":{\"type\":\"object\",\"properties\":{\"quantity\":{\"type\":\"integer\",\"minimum\":1}}}}");
        assertThat(changed.text(), changed.json().get("latest_version"), is(2));
        HttpCalls.Answer refused = Eventually.await(WITHIN, "the other instance checks the new version",
                () -> b.http().post("/api/v1/events", zero), answer -> answer.status() == 400);
        assertThat(refused.message(), is("payload/quantity: must be >= 1"));

        String moved = topic + ".moved";
        assertThat(a.http().put("/api/v1/event-types/" + type, "{\"topic\":\"" + moved + "\",\"schema\":"
                + "{\"type\":\"object\",\"properties\":{\"quantity\":{\"type\":\"integer\",\"minimum\":1}}}}").status(), is(200));
        String one = event(type, "across", "{\"quantity\":1}");
        Eventually.await(WITHIN, "the other instance stores the type's events for the new topic", () -> {
            String id = (String) b.http().post("/api/v1/events", one).json().get("id");
            return db.strings("SELECT topic FROM event_log WHERE id = '" + id + "'").equals(List.of(moved));
        });
    }
}
