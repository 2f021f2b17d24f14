package eventservice.console;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import eventservice.support.Eventually;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The console tests' events, made and read through the HTTP API as a producer and an operator would. */
record ConsoleEvents(HttpCalls api, Duration timeout) {
    String publish(String type, String aggregate, String payload) {
        HttpCalls.Answer answer = api.post("/api/v1/events",
                "{\"type\":\"" + type + "\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":" + payload
                + ",\"metadata\":{\"source\":\"console-test\"}}");
        assertThat(answer.text(), answer.status(), is(201));
        return (String) answer.json().get("id");
    }

    /** An event too large for a topic limited to 1 KiB. */
    String publishTooLarge(String type, String aggregate) {
        return publish(type, aggregate, "{\"description\":\"" + incompressible(4000) + "\"}");
    }

    Map<String, Object> event(String id) {
        return api.get("/api/v1/events/" + id).json();
    }

    void awaitStatus(String id, String status) {
        Eventually.await(timeout, id + " " + status, () -> event(id), e -> status.equals(e.get("status")));
    }

    void awaitExhausted(String id) {
        Eventually.await(timeout, id + " FAILED with its attempts spent", () -> event(id),
                         e -> "FAILED".equals(e.get("status")) && Integer.valueOf(3).equals(e.get("retry_count")));
    }

    /** The operator's fix: the topic takes records up to 1 MiB. */
    static void acceptLargeRecords(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestConfig.KAFKA))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048576"), AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    /** Random text: the producer compresses, so a repeated character would fit the topic's limit. */
    private static String incompressible(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, length);
    }
}
