package eventservice.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.api.grpc.v1.EventServiceGrpc.EventServiceBlockingStub;
import eventservice.api.grpc.v1.GetEventRequest;
import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.support.GrpcClients;
import eventservice.support.HttpJson;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Publishes and reads back a payload through either door, gRPC or HTTP, as the payload tests compare them. */
final class PayloadDoors implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final EventServiceBlockingStub grpc;
    final Http1Client http;
    private final ManagedChannel channel;

    PayloadDoors(WebServer server, Http1Client http) {
        this.channel = GrpcClients.channel(server.port());
        this.grpc = GrpcClients.events(channel);
        this.http = http;
    }

    /** One publish's answer, whichever door: the stored event's id and payload text, or the refusal's words. */
    record Answer(String id, String payload, String refusal) {
    }

    Answer publishGrpc(String aggregate, String payload) {
        try {
            var event = grpc.publishEvent(PublishEventRequest.newBuilder().setType("ORDER_CREATED")
                                                  .setAggregateId(aggregate).setPayload(payload).build()).getEvent();
            return new Answer(event.getId(), event.getPayload(), null);
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
            return new Answer(null, null, e.getStatus().getDescription());
        }
    }

    Answer publishHttp(String body) {
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

    Answer publishHttp(String aggregate, String payload) {
        return publishHttp("{\"type\":\"ORDER_CREATED\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":" + payload + "}");
    }

    String getGrpc(String id) {
        return grpc.getEvent(GetEventRequest.newBuilder().setId(id).build()).getPayload();
    }

    String getHttp(String id) {
        try (Http1ClientResponse response = http.get("/api/v1/events/" + id).request()) {
            assertThat(response.status().code(), is(200));
            return HttpJson.rawMember(response.as(String.class), "payload");
        }
    }

    static String describe(int n, String payload, String what) {
        return "case " + n + " (" + shown(payload) + "): " + what;
    }

    static String shown(String s) {
        return s == null ? "null" : s.length() > 400 ? s.substring(0, 400) + "…(" + s.length() + " chars)" : s;
    }

    @Override
    public void close() {
        GrpcClients.close(channel);
    }
}
