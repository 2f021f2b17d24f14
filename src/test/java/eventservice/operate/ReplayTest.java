package eventservice.operate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.api.grpc.v1.GetReplayRequest;
import eventservice.api.grpc.v1.ListReplaysRequest;
import eventservice.api.grpc.v1.ReplayEventsRequest;
import eventservice.api.grpc.v1.ReplayState;
import eventservice.support.Eventually;
import eventservice.support.GrpcClients;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import eventservice.support.Tokens;
import eventservice.support.TopicReader;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Replay jobs against the real PostgreSQL and Kafka: records consumed and compared with the
 * originals (id, key, value, headers, plus replay_id; each aggregate's order), to the events' own
 * topic and to a named one; the events themselves untouched; a running job cancelled; bad requests.
 */
@ServerTest
class ReplayTest {
    private static final String TOPIC = TestConfig.topicFor(ReplayTest.class);
    private static final String OPS = "replay-ops";
    private static final String READER = "replay-reader";
    private static EventServiceApp app;
    private static TestDb db;

    private final HttpCalls ops;
    private final HttpCalls reader;
    private final WebServer server;

    ReplayTest(WebServer server, @Socket(Main.HTTP) Http1Client http) {
        this.server = server;
        this.ops = HttpCalls.of(http).as(OPS);
        this.reader = HttpCalls.of(http).as(READER);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(ReplayTest.class, Map.of(
                "replay.batch-size", "7",
                "replay.max-rate", "200",
                "replay.poll-interval", "PT0.1S",
                "security.auth-tokens", "ops:" + Tokens.sha256(OPS) + ":operate,read,publish:*;"
                        + "reader:" + Tokens.sha256(READER) + ":read,publish:*"));
        db = new TestDb(config.get("db.name").asString().get());
        app = TestServer.start(server, config);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** {@code perAggregate} events for each of the aggregates, interleaved, all PROCESSED; their ids in order. */
    @SuppressWarnings("unchecked")
    private List<String> published(String prefix, int aggregates, int perAggregate) {
        StringJoiner events = new StringJoiner(",", "{\"events\":[", "]}");
        for (int i = 0; i < perAggregate; i++) {
            for (int a = 0; a < aggregates; a++) {
                events.add("{\"type\":\"ORDER_UPDATED\",\"aggregate_id\":\"" + prefix + a + "\",\"payload\":{\"step\": " + i
                                   + " ,\"x\":1.0E+2},\"metadata\":{\"trace\":\"t-" + i + "\"}}");
            }
        }
        var answer = ops.post("/api/v1/events:batch", events.toString());
        assertThat(answer.text(), answer.status(), is(201));
        List<String> ids = new ArrayList<>();
        for (Object result : (List<Object>) answer.json().get("results")) {
            ids.add((String) ((Map<String, Object>) ((Map<String, Object>) result).get("event")).get("id"));
        }
        Eventually.await(Duration.ofSeconds(60), prefix + " events processed",
                         () -> db.count("aggregate_id LIKE '" + prefix + "%' AND status = 'PROCESSED'") == ids.size());
        return ids;
    }

    private Map<String, Object> awaitState(String jobId, String state) {
        return Eventually.await(Duration.ofSeconds(60), "replay " + jobId + " " + state,
                                () -> ops.get("/api/v1/replays/" + jobId).json(), j -> state.equals(j.get("state")));
    }

    /** The records of {@code ids} as first sent (no replay_id), by event id. */
    private static Map<String, ConsumerRecord<String, byte[]>> originals(List<String> ids) {
        try (TopicReader topic = new TopicReader(TOPIC)) {
            Map<String, ConsumerRecord<String, byte[]>> out = new LinkedHashMap<>();
            topic.readUntil(records -> {
                records.stream().filter(r -> TopicReader.header(r, "replay_id") == null)
                        .forEach(r -> out.putIfAbsent(TopicReader.header(r, "event_id"), r));
                return out.keySet().containsAll(ids);
            }, Duration.ofSeconds(30));
            return out;
        }
    }

    /** The records job {@code jobId} sent to {@code topic}, in the order they are on it. */
    private static List<ConsumerRecord<String, byte[]>> replayed(String topic, String jobId, int count) {
        try (TopicReader reader = new TopicReader(topic)) {
            return reader.readUntil(records -> records.stream().filter(r -> jobId.equals(TopicReader.header(r, "replay_id")))
                    .map(r -> TopicReader.header(r, "event_id")).distinct().count() >= count, Duration.ofSeconds(60))
                    .stream().filter(r -> jobId.equals(TopicReader.header(r, "replay_id"))).toList();
        }
    }

    private static void assertSameRecords(List<ConsumerRecord<String, byte[]>> replayed,
                                          Map<String, ConsumerRecord<String, byte[]>> originals, String jobId) {
        for (ConsumerRecord<String, byte[]> copy : replayed) {
            ConsumerRecord<String, byte[]> original = originals.get(TopicReader.header(copy, "event_id"));
            assertThat(copy.key(), is(original.key()));
            assertThat(new String(copy.value()), is(new String(original.value())));
            Map<String, String> expected = new LinkedHashMap<>(TopicReader.headers(original));
            expected.put("replay_id", jobId);
            assertThat(TopicReader.headers(copy), is(expected));
        }
    }

    /** Each aggregate's events in the records' order are its events in the order they were stored. */
    private static void assertOrderPerAggregate(List<ConsumerRecord<String, byte[]>> records, List<String> idsInOrder) {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        records.forEach(r -> seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(TopicReader.header(r, "event_id")));
        seen.forEach((aggregate, ids) -> {
            List<String> distinctInOrder = ids.stream().distinct().toList();
            assertThat(aggregate, distinctInOrder, is(idsInOrder.stream().filter(distinctInOrder::contains).toList()));
        });
    }

    @Test
    void replayByIdsToTheirOwnTopic() {
        List<String> ids = published("by-ids-", 3, 4);
        Map<String, Object> before = ops.get("/api/v1/events/" + ids.getFirst()).json();
        List<String> chosen = ids.subList(2, 10);
        var answer = ops.post("/api/v1/events:replay", "{\"ids\":[\"" + String.join("\",\"", chosen) + "\"]}");
        assertThat(answer.text(), answer.status(), is(202));
        String jobId = (String) answer.json().get("id");
        assertThat(answer.json().get("selected"), is(8));
        assertThat(answer.json().get("requested_by"), is("ops"));
        assertThat(answer.json().get("topic"), nullValue());
        Map<String, Object> done = awaitState(jobId, "DONE");
        assertThat(done.get("sent"), is(8));
        assertThat(done.get("finished_at"), notNullValue());

        List<ConsumerRecord<String, byte[]>> copies = replayed(TOPIC, jobId, 8);
        assertThat(copies.stream().map(r -> TopicReader.header(r, "event_id")).distinct().sorted().toList(),
                   is(chosen.stream().sorted().toList()));
        assertSameRecords(copies, originals(chosen), jobId);
        assertOrderPerAggregate(copies, ids);
        // the events themselves are as they were
        Map<String, Object> after = ops.get("/api/v1/events/" + ids.getFirst()).json();
        assertThat(after.get("status"), is("PROCESSED"));
        assertThat(after.get("processed_at"), is(before.get("processed_at")));
        assertThat(after.get("kafka_offset"), is(before.get("kafka_offset")));
    }

    @Test
    void replayByFilterToANamedTopic() {
        Instant from = Instant.now().minusSeconds(1);
        List<String> ids = published("by-filter-", 4, 5);
        published("other-", 1, 3);   // another aggregate's: not selected
        String target = TOPIC + ".replayed";
        var answer = ops.post("/api/v1/events:replay", "{\"filter\":{\"event_type\":\"ORDER_UPDATED\",\"aggregate_id\":null,"
                + "\"created_after\":\"" + from + "\",\"created_before\":\"" + Instant.now().plusSeconds(60) + "\"},\"topic\":\"" + target + "\"}");
        assertThat(answer.text(), answer.status(), is(202));
        // the filter by aggregate and type alone:
        var one = ops.post("/api/v1/events:replay", "{\"filter\":{\"aggregate_id\":\"by-filter-2\"},\"topic\":\"" + target + "\"}");
        assertThat(one.json().get("selected"), is(5));
        String jobId = (String) answer.json().get("id");
        Map<String, Object> done = awaitState(jobId, "DONE");
        assertThat(((Number) done.get("selected")).intValue(), is(ids.size() + 3));
        assertThat(done.get("topic"), is(target));
        List<ConsumerRecord<String, byte[]>> copies = replayed(target, jobId, ids.size() + 3).stream()
                .filter(r -> r.key().startsWith("by-filter-")).toList();
        assertThat(copies.stream().map(r -> TopicReader.header(r, "event_id")).distinct().count(), is((long) ids.size()));
        assertSameRecords(copies, originals(ids), jobId);
        assertOrderPerAggregate(copies, ids);
        awaitState((String) one.json().get("id"), "DONE");
    }

    @Test
    void aFilterSelectingNothingIsDoneAtOnce() {
        var answer = ops.post("/api/v1/events:replay", "{\"filter\":{\"aggregate_id\":\"no-such-aggregate\"}}");
        assertThat(answer.status(), is(202));
        assertThat(answer.json().get("selected"), is(0));
        Map<String, Object> done = awaitState((String) answer.json().get("id"), "DONE");
        assertThat(done.get("sent"), is(0));
    }

    @Test
    void aRunningJobIsCancelled() {
        published("long-", 5, 40);   // 200 events at 200/s: about a second
        var answer = ops.post("/api/v1/events:replay", "{\"filter\":{\"event_type\":\"ORDER_UPDATED\"}}");
        String jobId = (String) answer.json().get("id");
        Eventually.await(Duration.ofSeconds(30), "some sent", () -> ((Number) ops.get("/api/v1/replays/" + jobId).json().get("sent")).intValue() > 0);
        var cancelled = ops.delete("/api/v1/replays/" + jobId);
        assertThat(cancelled.text(), cancelled.status(), is(200));
        assertThat(cancelled.json().get("state"), is("CANCELLED"));
        // the holder stops at its next batch: sent no longer grows, short of selected
        long selected = ((Number) cancelled.json().get("selected")).longValue();
        long sentAtCancel = ((Number) cancelled.json().get("sent")).longValue();
        assertThat(sentAtCancel, lessThan(selected));
        assertThat(db.strings("SELECT sent FROM replay_jobs WHERE id = '" + jobId + "'").getFirst(), is(Long.toString(sentAtCancel)));
        assertThat(ops.get("/api/v1/replays").text(), containsString(jobId));
        // cancelling again answers the job as it is
        assertThat(ops.delete("/api/v1/replays/" + jobId).json().get("state"), is("CANCELLED"));
    }

    @Test
    void badRequestsNotFoundAndScopes() {
        List<String> ids = published("bad-", 1, 1);
        String unknown = UUID.randomUUID().toString();
        var notProcessed = ops.post("/api/v1/events:replay", "{\"ids\":[\"" + ids.getFirst() + "\",\"" + unknown + "\"]}");
        assertThat(notProcessed.status(), is(400));
        assertThat(notProcessed.message(), containsString(unknown + " (not found)"));
        assertThat(ops.post("/api/v1/events:replay", "{}").status(), is(400));
        assertThat(ops.post("/api/v1/events:replay", "{\"filter\":{\"status\":\"FAILED\"}}").message(), containsString("filter.status"));
        assertThat(ops.post("/api/v1/events:replay", "{\"filter\":{},\"topic\":\"no spaces\"}").message(), containsString("topic"));
        assertThat(ops.get("/api/v1/replays/" + unknown).status(), is(404));
        assertThat(ops.delete("/api/v1/replays/" + unknown).status(), is(404));
        assertThat(ops.get("/api/v1/replays/nope").status(), is(400));
        assertThat(ops.get("/api/v1/replays?colour=red").status(), is(400));
        assertThat(reader.post("/api/v1/events:replay", "{\"filter\":{}}").status(), is(403));
        assertThat(reader.delete("/api/v1/replays/" + unknown).status(), is(403));
        assertThat(reader.get("/api/v1/replays").status(), is(200));
        assertThat(reader.as(null).get("/api/v1/replays").status(), is(401));
    }

    @Test
    void overGrpc() {
        List<String> ids = published("grpc-", 2, 2);
        ManagedChannel channel = GrpcClients.channel(server.port());
        try {
            var events = GrpcClients.events(channel, OPS);
            var job = events.replayEvents(ReplayEventsRequest.newBuilder().addAllIds(ids).build());
            assertThat(job.getState(), is(ReplayState.REPLAY_STATE_RUNNING));
            assertThat(job.getSelected(), is(4L));
            var done = Eventually.await(Duration.ofSeconds(30), "done", () -> events.getReplay(GetReplayRequest.newBuilder()
                    .setId(job.getId()).build()), j -> j.getState() == ReplayState.REPLAY_STATE_DONE);
            assertThat(done.getSent(), is(4L));
            assertThat(events.listReplays(ListReplaysRequest.getDefaultInstance()).getReplaysList().stream()
                    .anyMatch(j -> j.getId().equals(job.getId())), is(true));
            StatusRuntimeException denied = assertThrows(StatusRuntimeException.class, () -> GrpcClients.events(channel, READER)
                    .replayEvents(ReplayEventsRequest.newBuilder().addAllIds(ids).build()));
            assertThat(denied.getStatus().getCode(), is(Status.Code.PERMISSION_DENIED));
            StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> events.getReplay(
                    GetReplayRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
            assertThat(missing.getStatus().getCode(), is(Status.Code.NOT_FOUND));
            assertThat(GrpcClients.events(channel, READER).listReplays(ListReplaysRequest.getDefaultInstance()).getReplaysCount(),
                       greaterThan(0));
        } finally {
            GrpcClients.close(channel);
        }
    }
}
