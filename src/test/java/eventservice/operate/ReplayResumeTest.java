package eventservice.operate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.support.Eventually;
import eventservice.support.ServiceProcess;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * A replay survives its instance: killed (kill -9) mid-job, the job is taken over by another
 * instance once its lease runs out, resumes from its cursor and reaches DONE; every event is sent at
 * least once, each aggregate's in order, and the events are not changed.
 */
class ReplayResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @SuppressWarnings("unchecked")
    void aJobLeftByAKilledInstanceIsFinishedByAnother() throws Exception {
        String dbName = TestConfig.database("replayresumetest");
        TestConfig.dropDatabase(dbName);
        String topic = TestConfig.topicFor(ReplayResumeTest.class);
        Map<String, String> env = Map.of("DB_NAME", dbName, "KAFKA_TOPIC", topic, "REDIS_HOST", "");
        // Slow and with a short lease: the job is mid-way when the first instance dies, and soon taken over.
        List<String> properties = List.of("replay.max-rate=100", "replay.batch-size=5", "replay.lease=PT2S",
                                          "replay.poll-interval=PT0.2S");
        TestDb db = new TestDb(dbName);
        List<String> ids = new ArrayList<>();
        String jobId;
        long sentAtKill;
        String processedBefore;
        try (ServiceProcess first = ServiceProcess.start(env, properties)) {
            first.awaitHealthy(Duration.ofSeconds(60));
            StringJoiner events = new StringJoiner(",", "{\"events\":[", "]}");
            for (int i = 0; i < 50; i++) {
                for (int a = 0; a < 6; a++) {
                    events.add("{\"type\":\"ORDER_UPDATED\",\"aggregate_id\":\"resume-" + a + "\",\"payload\":{\"step\":" + i + "}}");
                }
            }
            Map<String, Object> batch = call(first, "POST", "/api/v1/events:batch", events.toString(), 201);
            for (Object result : (List<Object>) batch.get("results")) {
                ids.add((String) ((Map<String, Object>) ((Map<String, Object>) result).get("event")).get("id"));
            }
            Eventually.await(Duration.ofSeconds(60), "all processed", () -> db.count("status = 'PROCESSED'") == ids.size());
            processedBefore = db.strings("SELECT string_agg(processed_at::text, ',' ORDER BY seq) FROM events").getFirst();

            jobId = (String) call(first, "POST", "/api/v1/events:replay", "{\"filter\":{\"event_type\":\"ORDER_UPDATED\"}}", 202).get("id");
            Eventually.await(Duration.ofSeconds(30), "replay under way",
                             () -> ((Number) call(first, "GET", "/api/v1/replays/" + jobId, null, 200).get("sent")).intValue() >= 20);
            first.kill();
            sentAtKill = Long.parseLong(db.strings("SELECT sent FROM replay_jobs WHERE id = '" + jobId + "'").getFirst());
        }
        assertThat(sentAtKill, lessThan((long) ids.size()));
        assertThat(db.strings("SELECT state FROM replay_jobs WHERE id = '" + jobId + "'"), is(List.of("RUNNING")));

        try (ServiceProcess second = ServiceProcess.start(env, properties)) {
            second.awaitHealthy(Duration.ofSeconds(60));
            Map<String, Object> done = Eventually.await(Duration.ofSeconds(60), "job DONE on the second instance",
                    () -> call(second, "GET", "/api/v1/replays/" + jobId, null, 200), j -> "DONE".equals(j.get("state")));
            assertThat(((Number) done.get("sent")).longValue(), greaterThan(sentAtKill));
            assertThat(((Number) done.get("selected")).intValue(), is(ids.size()));
        }

        try (TopicReader reader = new TopicReader(topic)) {
            List<ConsumerRecord<String, byte[]>> copies = reader.readUntil(records -> records.stream()
                    .filter(r -> jobId.equals(TopicReader.header(r, "replay_id")))
                    .map(r -> TopicReader.header(r, "event_id")).distinct().count() == ids.size(), Duration.ofSeconds(60))
                    .stream().filter(r -> jobId.equals(TopicReader.header(r, "replay_id"))).toList();
            Map<String, List<String>> byAggregate = new LinkedHashMap<>();
            copies.forEach(r -> byAggregate.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(TopicReader.header(r, "event_id")));
            byAggregate.forEach((aggregate, sent) -> {
                List<String> firstSeen = sent.stream().distinct().toList();
                assertThat(aggregate, firstSeen, is(ids.stream().filter(firstSeen::contains).toList()));
                assertThat(aggregate, firstSeen.size(), is(50));
            });
        }
        // the events are as they were
        assertThat(db.count("status = 'PROCESSED'"), is((long) ids.size()));
        assertThat(db.strings("SELECT string_agg(processed_at::text, ',' ORDER BY seq) FROM events").getFirst(), is(processedBefore));
        TestConfig.dropDatabase(dbName);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(ServiceProcess service, String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort + path))
                .timeout(Duration.ofSeconds(30));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body(), response.statusCode(), is(expected));
            return JSON.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
