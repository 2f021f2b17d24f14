package eventservice.api.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.api.http.OpenApiCalls.Request;

import static eventservice.api.http.OpenApiDocument.checkExampleIsComplete;
import static eventservice.api.http.OpenApiDocument.resolve;

/** One operation of etc/openapi.yaml: the statuses it lists, and the request its examples describe. */
record OpenApiOperation(String path, String method, Map<String, Object> spec) {
    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    Map<String, Object> responses() {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) spec.get("responses")).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    Set<Integer> statuses() {
        Set<Integer> out = new TreeSet<>();
        responses().keySet().forEach(k -> out.add(Integer.parseInt(k)));
        return out;
    }

    @SuppressWarnings("unchecked")
    boolean secured() {
        List<Map<String, Object>> security = (List<Map<String, Object>>) spec.get("security");
        return security != null && security.stream().anyMatch(s -> s.containsKey("bearerAuth"));
    }

    boolean hasBody() {
        return spec.get("requestBody") != null;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> parameters() {
        return ((List<Object>) spec.getOrDefault("parameters", List.of())).stream().map(OpenApiDocument::resolve).toList();
    }

    List<Map<String, Object>> queryParameters() {
        return parameters().stream().filter(p -> "query".equals(p.get("in"))).toList();
    }

    /**
     * The request the document's examples describe: every parameter with its example, the body
     * example, the bearer token where the operation is secured; {@code id} for an {id} path parameter.
     */
    Request example(String id) {
        return exampleAt(id == null ? Map.of() : Map.of("id", id));
    }

    /** The example with one path parameter given another value. */
    Request exampleWith(String parameter, String value) {
        return exampleAt(Map.of(parameter, value));
    }

    @SuppressWarnings("unchecked")
    private Request exampleAt(Map<String, String> pathValues) {
        String p = path;
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map<String, Object> parameter : parameters()) {
            String name = (String) parameter.get("name");
            Object example = parameter.get("example");
            if (example == null) {
                throw new AssertionError(this + ": parameter '" + name + "' has no example");
            }
            switch ((String) parameter.get("in")) {
                case "path" -> p = p.replace("{" + name + "}", pathValues.getOrDefault(name, String.valueOf(example)));
                case "query" -> query.put(name, String.valueOf(example));
                case "header" -> headers.put(name, String.valueOf(example));
                default -> throw new AssertionError(this + ": parameter in " + parameter.get("in"));
            }
        }
        if (secured()) {
            headers.put("Authorization", "Bearer " + OpenApiCalls.TOKEN);
        }
        String contentType = null;
        String body = null;
        if (hasBody()) {
            Map<String, Object> content = (Map<String, Object>) resolve(spec.get("requestBody")).get("content");
            Map<String, Object> json = (Map<String, Object>) content.get("application/json");
            if (json == null || json.get("example") == null) {
                throw new AssertionError(this + ": request body without an application/json example");
            }
            checkExampleIsComplete(json.get("schema"), json.get("example"), this + " request example");
            contentType = "application/json";
            try {
                body = JSON.writeValueAsString(json.get("example"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return new Request(method, p, query, headers, contentType, body);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
