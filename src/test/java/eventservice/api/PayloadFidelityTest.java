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
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;
import eventservice.support.GrpcClients;
import eventservice.support.HttpJson;
import eventservice.support.RandomJson;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import eventservice.support.TopicReader;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * What a producer sends is what consumers get, through either door: the payload's text is stored,
 * answered and sent to Kafka byte for byte, and a payload refused by one door is refused by the
 * other with the same words. Against the real PostgreSQL and Kafka.
 */
@ServerTest
class PayloadFidelityTest {
    private static final long SEED = Long.getLong("fidelity.seed", 20261207L);
    private static final int VALID = Integer.getInteger("fidelity.cases", 1500);
    private static final int REFUSED = 300;
    private static final int BATCHED = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EventServiceApp app;
    private static TestDb db;
    private static String topic;

    private final ManagedChannel channel;
    private final EventServiceBlockingStub grpc;
    private final Http1Client http;

    PayloadFidelityTest(WebServer server, @Socket(Main.HTTP) Http1Client http) {
        this.channel = GrpcClients.channel(server.port());
        this.grpc = GrpcClients.events(channel);
        this.http = http;
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
        GrpcClients.close(channel);
    }

    /** One publish's answer, whichever door: the stored event's id and payload text, or the refusal's words. */
    private record Answer(String id, String payload, String refusal) {
    }

    private Answer publishGrpc(String aggregate, String payload) {
        try {
            var event = grpc.publishEvent(PublishEventRequest.newBuilder().setType("ORDER_CREATED")
                                                  .setAggregateId(aggregate).setPayload(payload).build()).getEvent();
            return new Answer(event.getId(), event.getPayload(), null);
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
            return new Answer(null, null, e.getStatus().getDescription());
        }
    }

    private Answer publishHttp(String body) {
        try (Http1ClientResponse response = http.post("/api/v1/events").header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            String text = response.as(String.class);
            JsonNode answer = JSON.readTree(text);
            if (response.status().code() == 400) {
                return new Answer(null, null, answer.get("error").get("message").asText());
            }
            assertThat(text, response.status().code(), is(201));
            return new Answer(answer.get("id").asText(), HttpJson.rawMember(text, "payload"), null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Answer publishHttp(String aggregate, String payload) {
        return publishHttp("{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":" + payload + "}");
    }

    private String getGrpc(String id) {
        return grpc.getEvent(GetEventRequest.newBuilder().setId(id).build()).getPayload();
    }

    private String getHttp(String id) {
        try (Http1ClientResponse response = http.get("/api/v1/events/" + id).request()) {
            assertThat(response.status().code(), is(200));
            return HttpJson.rawMember(response.as(String.class), "payload");
        }
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
                    Answer viaGrpc = publishGrpc("g-" + n, payload);
                    Answer viaHttp = publishHttp("h-" + n, payload);
                    List<String> copies = new ArrayList<>();
                    if (viaGrpc.id() == null || viaHttp.id() == null) {
                        failures.add(describe(n, payload, "refused: gRPC " + viaGrpc.refusal() + ", HTTP " + viaHttp.refusal()));
                        return;
                    }
                    sentById.put(viaGrpc.id(), payload);
                    sentById.put(viaHttp.id(), payload);
                    copies.addAll(List.of(viaGrpc.payload(), viaHttp.payload(), getGrpc(viaGrpc.id()), getGrpc(viaHttp.id()),
                                          getHttp(viaGrpc.id()), getHttp(viaHttp.id())));
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
        var grpcResults = grpc.publishEvents(grpcBatch.build()).getResultsList();
        JsonNode httpResults;
        String httpText;
        try (Http1ClientResponse response = http.post("/api/v1/events:batch").header(HeaderNames.CONTENT_TYPE, "application/json")
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
    void aPayloadRefusedByOneDoorIsRefusedByTheOtherInTheSameWords() throws Exception {
        RandomJson random = new RandomJson(SEED + 1);
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < REFUSED; n++) {
            RandomJson.Refused bad = random.refused(random.object(8));
            Answer viaGrpc = publishGrpc("bad-" + n, bad.text());
            Answer viaHttp = publishHttp("bad-" + n, bad.text());
            if (viaGrpc.refusal() == null || !viaGrpc.refusal().equals(viaHttp.refusal())
                    || !viaGrpc.refusal().startsWith("payload")) {
                failures.add(describe(n, bad.text(), bad.why() + ": gRPC said " + viaGrpc.refusal() + ", HTTP " + viaHttp.refusal()));
            }
        }
        assertThat("seed " + (SEED + 1), failures, is(empty()));
        assertThat(db.count("aggregate_id LIKE 'bad-%'"), is(0L));
    }

    @Test
    void exactNumbersArriveAsSentAndARepeatedMemberIsRefusedByBothDoors() throws Exception {
        String exact = "{\"n\":12345678901234567890123456789.123456789,\"big\":1e400,\"p\":{\"a\":2},\"z\":-0.0,\"f\":1.10}";
        Answer viaGrpc = publishGrpc("exact-grpc", exact);
        Answer viaHttp = publishHttp("exact-http", exact);
        assertThat(List.of(viaGrpc.payload(), viaHttp.payload(), getHttp(viaGrpc.id()), getGrpc(viaHttp.id())),
                   is(List.of(exact, exact, exact, exact)));

        String repeated = "{\"n\":12345678901234567890123456789.123456789,\"big\":1e400,\"p\":{\"a\":1,\"a\":2}}";
        String refusal = "payload/p/a: repeats a member name of its object (names must be unique)";
        assertThat(publishGrpc("repeated", repeated).refusal(), is(refusal));
        assertThat(publishHttp("repeated", repeated).refusal(), is(refusal));
        assertThat(db.count("aggregate_id = 'repeated'"), is(0L));
    }

    @Test
    void aRepeatedMemberOfTheRequestIsRefusedNotResolved() {
        Answer twoTypes = publishHttp("{\"type\":\"ORDER_CREATED\",\"type\":\"USER_CREATED\",\"aggregate_id\":\"twice\","
                                              + "\"payload\":{}}");
        assertThat(twoTypes.refusal(), is("type: repeats a member name of its object (names must be unique)"));
        Answer twoKeys = publishHttp("{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"twice\",\"payload\":{},"
                                             + "\"metadata\":{\"k\":\"1\",\"k\":\"2\"}}");
        assertThat(twoKeys.refusal(), is("metadata.k: repeats a member name of its object (names must be unique)"));
        assertThat(db.count("aggregate_id = 'twice'"), is(0L));
    }

    @Test
    void nonFiniteNumbersCannotBeSentThroughEitherDoor() {
        for (String number : List.of("NaN", "Infinity", "-Infinity")) {
            String payload = "{\"x\":" + number + "}";
            assertThat(publishGrpc("non-finite", payload).refusal(), is("payload: must be valid JSON"));
            assertThat(publishHttp("non-finite", payload).refusal(), startsWith("payload: must be valid JSON"));
        }
        assertThat(db.count("aggregate_id = 'non-finite'"), is(0L));
    }

    private static String describe(int n, String payload, String what) {
        return "case " + n + " (" + shown(payload) + "): " + what;
    }

    private static String shown(String s) {
        return s == null ? "null" : s.length() > 400 ? s.substring(0, 400) + "…(" + s.length() + " chars)" : s;
    }
}
