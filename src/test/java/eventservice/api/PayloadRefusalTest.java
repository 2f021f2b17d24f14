package eventservice.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.api.PayloadDoors.Answer;
import eventservice.support.RandomJson;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static eventservice.api.PayloadDoors.describe;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * A payload refused by one door is refused by the other with the same words, and nothing is stored:
 * generated bad payloads, repeated member names, non-finite numbers.
 */
@ServerTest
class PayloadRefusalTest {
    private static final long SEED = Long.getLong("fidelity.seed", 20261207L);
    private static final int REFUSED = 300;
    private static EventServiceApp app;
    private static TestDb db;

    private final PayloadDoors doors;

    PayloadRefusalTest(WebServer server, @Socket(Main.HTTP) Http1Client http) {
        this.doors = new PayloadDoors(server, http);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(PayloadRefusalTest.class, Map.of("events.max-payload-bytes", "65536"));
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void closeChannel() {
        doors.close();
    }

    @Test
    void aPayloadRefusedByOneDoorIsRefusedByTheOtherInTheSameWords() throws Exception {
        RandomJson random = new RandomJson(SEED + 1);
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < REFUSED; n++) {
            RandomJson.Refused bad = random.refused(random.object(8));
            Answer viaGrpc = doors.publishGrpc("bad-" + n, bad.text());
            Answer viaHttp = doors.publishHttp("bad-" + n, bad.text());
            if (viaGrpc.refusal() == null || !viaGrpc.refusal().equals(viaHttp.refusal())
                    || !viaGrpc.refusal().startsWith("payload")) {
                failures.add(describe(n, bad.text(), bad.why() + ": gRPC said " + viaGrpc.refusal() + ", HTTP " + viaHttp.refusal()));
            }
        }
        assertThat("seed " + (SEED + 1), failures, is(empty()));
        assertThat(db.count("aggregate_id LIKE 'bad-%'"), is(0L));
    }

    @Test
    void aRepeatedMemberOfTheRequestIsRefusedNotResolved() {
        Answer twoTypes = doors.publishHttp("{\"type\":\"ORDER_CREATED\",\"type\":\"USER_CREATED\",\"aggregate_id\":\"twice\","
                                              + "\"payload\":{}}");
        assertThat(twoTypes.refusal(), is("type: repeats a member name of its object (names must be unique)"));
        Answer twoKeys = doors.publishHttp("{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"twice\",\"payload\":{},"
                                             + "\"metadata\":{\"k\":\"1\",\"k\":\"2\"}}");
        assertThat(twoKeys.refusal(), is("metadata.k: repeats a member name of its object (names must be unique)"));
        assertThat(db.count("aggregate_id = 'twice'"), is(0L));
    }

    @Test
    void nonFiniteNumbersCannotBeSentThroughEitherDoor() {
        for (String number : List.of("NaN", "Infinity", "-Infinity")) {
            String payload = "{\"x\":" + number + "}";
            assertThat(doors.publishGrpc("non-finite", payload).refusal(), is("payload: must be valid JSON"));
            assertThat(doors.publishHttp("non-finite", payload).refusal(), startsWith("payload: must be valid JSON"));
        }
        assertThat(db.count("aggregate_id = 'non-finite'"), is(0L));
    }
}
