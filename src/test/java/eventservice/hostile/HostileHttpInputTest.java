package eventservice.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import eventservice.EventServiceApp;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static eventservice.hostile.Doors.SQL;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Hostile and broken requests at the HTTP door, sent as raw bytes: each gets a clear error in the
 * API's shape, nothing is stored, and the service keeps serving.
 */
@ServerTest
class HostileHttpInputTest {
    private static EventServiceApp app;
    private static TestDb db;

    private final Doors doors;

    HostileHttpInputTest(WebServer server) {
        this.doors = new Doors(server);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = Doors.config(HostileHttpInputTest.class);
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void stillServing() {
        try (doors) {
            doors.assertStillServing();
        }
    }

    static Stream<Arguments> badHttp() {
        String ok = "{\"type\":\"USER_CREATED\",\"aggregate_id\":\"u\",\"payload\":{}}";
        return Stream.of(
                Arguments.of("no content type", "POST", "/api/v1/events", null, ok, "415"),
                Arguments.of("form content type", "POST", "/api/v1/events", "application/x-www-form-urlencoded", "a=b", "415"),
                Arguments.of("XML", "POST", "/api/v1/events", "application/xml", "<event/>", "415"),
                Arguments.of("truncated body", "POST", "/api/v1/events", "application/json", ok.substring(0, 20), "400"),
                Arguments.of("empty body", "POST", "/api/v1/events", "application/json", "", "400"),
                Arguments.of("invalid UTF-8 body", "POST", "/api/v1/events", "application/json", "\u00ff\u00fe", "400"),
                Arguments.of("SQL in aggregate query", "GET", "/api/v1/events?aggregate_id=" + enc("a".repeat(300)), null, null, "400"),
                Arguments.of("SQL in type query", "GET", "/api/v1/events?type=" + enc(SQL), null, null, "400"),
                Arguments.of("SQL in status query", "GET", "/api/v1/events?status=" + enc(SQL), null, null, "400"),
                Arguments.of("SQL in page token", "GET", "/api/v1/events?page_token=" + enc(SQL), null, null, "400"),
                Arguments.of("SQL as id", "GET", "/api/v1/events/" + enc(SQL), null, null, "400"),
                Arguments.of("negative page size", "GET", "/api/v1/events?page_size=-5", null, null, "400"),
                Arguments.of("huge page size", "GET", "/api/v1/events?page_size=99999999999", null, null, "400"),
                Arguments.of("unknown parameter", "GET", "/api/v1/events?limit=5", null, null, "400"),
                Arguments.of("array payload", "POST", "/api/v1/events", "application/json",
                             "{\"type\":\"USER_CREATED\",\"aggregate_id\":\"u\",\"payload\":[]}", "400"),
                Arguments.of("metadata not strings", "POST", "/api/v1/events", "application/json",
                             "{\"type\":\"USER_CREATED\",\"aggregate_id\":\"u\",\"payload\":{},\"metadata\":{\"a\":1}}", "400"),
                Arguments.of("nested 10 000 deep body", "POST", "/api/v1/events", "application/json",
                             "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", "400"),
                Arguments.of("batch of non-events", "POST", "/api/v1/events:batch", "application/json", "{\"events\":[1,2]}", "400"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "HTTP: {0}")
    @MethodSource("badHttp")
    void badHttpRequests(String name, String method, String path, String contentType, String body, String status) {
        long before = db.count("true");
        String response = doors.http(method, path, contentType, body);
        assertThat(response, response.startsWith("HTTP/1.1 " + status), is(true));
        assertThat(response, containsString("\"error\":{\"code\":"));
        assertThat(response, not(containsString("Exception")));
        assertThat(db.count("true"), is(before));
    }
}
