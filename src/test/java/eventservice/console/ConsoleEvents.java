package eventservice.console;

import java.time.Duration;
import java.util.Map;

import eventservice.support.Eventually;
import eventservice.support.HttpCalls;
import eventservice.support.Topics;

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
        return publish(type, aggregate, Topics.payloadOver(1024));
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
}
