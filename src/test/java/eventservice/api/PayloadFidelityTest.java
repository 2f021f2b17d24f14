package eventservice.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.api.PayloadDoors.Answer;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;
import eventservice.support.HttpJson;
import eventservice.support.RandomJson;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import eventservice.support.TopicReader;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static eventservice.api.PayloadDoors.describe;
import static eventservice.api.PayloadDoors.shown;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * What a producer sends is what consumers get, through either door: the payload's text is stored,
 * answered and sent to Kafka byte for byte, exact numbers included. Against the real PostgreSQL and
 * Kafka.
 */
@ServerTest
class PayloadFidelityTest {
    private static final long SEED = Long.getLong("fidelity.seed", 20261207L);
    private static final int VALID = Integer.getInteger("fidelity.cases", 1500);
    private static final int BATCHED = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EventServiceApp app;
    private static TestDb db;
    private static String topic;

    private final PayloadDoors doors;

    PayloadFidelityTest(WebServer server, @Socket(Main.HTTP) Http1Client http) {
        this.doors = new PayloadDoors(server, http);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(PayloadFidelityTest.class, Map.of("events.max-payload-bytes", "65536"));
        db = new TestDb(config.get("db.name").asString().get());
        topic = config.get("kafka.topic").asString().get();
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
    void randomPayloadsArriveByteForByteThroughEitherDoor() throws Exception {
        RandomJson random = new RandomJson(SEED);
        List<String> payloads = new ArrayList<>();
        while (payloads.size() < VALID) {
            String payload = random.object(RandomJson.MAX_DEPTH);
            if (payload.getBytes(StandardCharsets.UTF_8).length <= 65536) {
                payloads.add(payload);
            }
        }
        Map<String, String> sentById = Collections.synchronizedMap(new HashMap<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < payloads.size(); i++) {
                int n = i;
                String payload = payloads.get(i);
                work.add(pool.submit(() -> {
                    Answer viaGrpc = doors.publishGrpc("g-" + n, payload);
                    Answer viaHttp = doors.publishHttp("h-" + n, payload);
                    List<String> copies = new ArrayList<>();
                    if (viaGrpc.id() == null || viaHttp.id() == null) {
                        failures.add(describe(n, payload, "refused: gRPC " + viaGrpc.refusal() + ", HTTP " + viaHttp.refusal()));
                        return;
                    }
                    sentById.put(viaGrpc.id(), payload);
                    sentById.put(viaHttp.id(), payload);
                    copies.addAll(List.of(viaGrpc.payload(), viaHttp.payload(),
                                          doors.getGrpc(viaGrpc.id()), doors.getGrpc(viaHttp.id()),
                                          doors.getHttp(viaGrpc.id()), doors.getHttp(viaHttp.id())));
                    String[] names = {"gRPC answer", "HTTP answer", "gRPC read of gRPC's", "gRPC read of HTTP's",
                                      "HTTP read of gRPC's", "HTTP read of HTTP's"};
                    for (int c = 0; c < copies.size(); c++) {
                        if (!payload.equals(copies.get(c))) {
                            failures.add(describe(n, payload, names[c] + " differs: " + shown(copies.get(c))));
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        assertThat("seed " + SEED, failures, is(empty()));
        for (int from = 0; from < BATCHED; from += 20) {
            publishBatches(payloads.subList(from, from + 20), from, sentById, failures);
        }

        int stored = 0;
        for (String row : db.strings("SELECT id || ' ' || payload::text FROM events WHERE aggregate_id ~ '^(g|h|gb|hb)-[0-9]+$'")) {
            String id = row.substring(0, row.indexOf(' '));
            stored++;
            if (!row.substring(id.length() + 1).equals(sentById.get(id))) {
                failures.add("stored payload of " + id + " differs: " + shown(row));
            }
        }
        assertThat(stored, is(sentById.size()));
        try (TopicReader reader = new TopicReader(topic)) {
            Set<String> unseen = new HashSet<>(sentById.keySet());
            for (ConsumerRecord<String, byte[]> record : reader.readUntil(records -> {
                records.forEach(r -> unseen.remove(TopicReader.header(r, "event_id")));
                return unseen.isEmpty();
            }, Duration.ofSeconds(60))) {
                String id = TopicReader.header(record, "event_id");
                byte[] sent = sentById.containsKey(id) ? sentById.get(id).getBytes(StandardCharsets.UTF_8) : record.value();
                if (!Arrays.equals(record.value(), sent)) {
                    failures.add("the record of " + id + " differs: " + shown(new String(record.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        assertThat("seed " + SEED, failures, is(empty()));
    }

    /** The same payloads in one batch through each door: each event's answer holds its payload as sent. */
    private void publishBatches(List<String> payloads, int first, Map<String, String> sentById, List<String> failures) {
        PublishEventsRequest.Builder grpcBatch = PublishEventsRequest.newBuilder();
        StringBuilder httpBatch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < payloads.size(); i++) {
            grpcBatch.addEvents(PublishEventRequest.newBuilder().setType("ORDER_CREATED").setAggregateId("gb-" + (first + i))
                                        .setPayload(payloads.get(i)));
            httpBatch.append(i == 0 ? "" : ",").append("{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"hb-")
                    .append(first + i).append("\",\"payload\":").append(payloads.get(i)).append('}');
        }
        var grpcResults = doors.grpc.publishEvents(grpcBatch.build()).getResultsList();
        JsonNode httpResults;
        String httpText;
        try (Http1ClientResponse response = doors.http.post("/api/v1/events:batch")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(httpBatch.append("]}").toString())) {
            assertThat(response.status().code(), is(201));
            httpText = response.as(String.class);
            httpResults = JSON.readTree(httpText).get("results");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<String> httpPayloads = HttpJson.rawMembers(httpText, "payload");
        for (int i = 0; i < payloads.size(); i++) {
            String payload = payloads.get(i);
            sentById.put(grpcResults.get(i).getEvent().getId(), payload);
            sentById.put(httpResults.get(i).get("event").get("id").asText(), payload);
            if (!payload.equals(grpcResults.get(i).getEvent().getPayload()) || !payload.equals(httpPayloads.get(i))) {
                failures.add(describe(first + i, payload, "a batch's answer differs"));
            }
        }
    }

    @Test
    void exactNumbersArriveAsSentAndARepeatedMemberIsRefusedByBothDoors() throws Exception {
        String exact = "{\"n\":12345678901234567890123456789.123456789,\"big\":1e400,\"p\":{\"a\":2},\"z\":-0.0,\"f\":1.10}";
        Answer viaGrpc = doors.publishGrpc("exact-grpc", exact);
        Answer viaHttp = doors.publishHttp("exact-http", exact);
        assertThat(List.of(viaGrpc.payload(), viaHttp.payload(), doors.getHttp(viaGrpc.id()), doors.getGrpc(viaHttp.id())),
                   is(List.of(exact, exact, exact, exact)));

        String repeated = "{\"n\":12345678901234567890123456789.123456789,\"big\":1e400,\"p\":{\"a\":1,\"a\":2}}";
        String refusal = "payload/p/a: repeats a member name of its object (names must be unique)";
        assertThat(doors.publishGrpc("repeated", repeated).refusal(), is(refusal));
        assertThat(doors.publishHttp("repeated", repeated).refusal(), is(refusal));
        assertThat(db.count("aggregate_id = 'repeated'"), is(0L));
    }
}
