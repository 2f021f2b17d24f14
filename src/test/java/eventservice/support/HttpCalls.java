package eventservice.support;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;

/** Calls to the HTTP API as another team's client makes them, optionally with a bearer token. */
public record HttpCalls(Http1Client http, String token) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static HttpCalls of(Http1Client http) {
        return new HttpCalls(http, null);
    }

    /** The same client, sending {@code bearer} as its token. */
    public HttpCalls as(String bearer) {
        return new HttpCalls(http, bearer);
    }

    /** An answer: its status and body text, read as JSON on demand. */
    public record Answer(int status, String text) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            try {
                return JSON.readValue(text, Map.class);
            } catch (IOException e) {
                throw new AssertionError("not a JSON object (" + status + "): " + text, e);
            }
        }

        /** The error's message of an error answer. */
        @SuppressWarnings("unchecked")
        public String message() {
            return (String) ((Map<String, Object>) json().get("error")).get("message");
        }
    }

    public Answer get(String path) {
        return send(Method.GET, path, null);
    }

    public Answer post(String path, String json) {
        return send(Method.POST, path, json);
    }

    public Answer put(String path, String json) {
        return send(Method.PUT, path, json);
    }

    public Answer delete(String path) {
        return send(Method.DELETE, path, null);
    }

    /** {@code path} may end in a query (?a=1&b=2), whose values are sent encoded. */
    private Answer send(Method method, String path, String json) {
        String[] parts = path.split("\\?", 2);
        Http1ClientRequest request = http.method(method).uri(parts[0]);
        if (parts.length > 1) {
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                request.queryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (token != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        if (json != null) {
            request.header(HeaderNames.CONTENT_TYPE, "application/json");
        }
        try (Http1ClientResponse response = json == null ? request.request() : request.submit(json)) {
            return new Answer(response.status().code(), response.entity().hasEntity() ? response.entity().as(String.class) : "");
        }
    }
}
