package eventservice.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import eventservice.event.InvalidEventException;
import eventservice.security.Access;
import eventservice.security.Scope;
import eventservice.types.Compatibility;
import eventservice.types.EventType;
import eventservice.types.EventTypeChange;
import eventservice.types.EventTypeRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * /api/v1/event-types: the HTTP door onto the event-type registry. A version's URL answers the
 * schema itself, so that the ce_dataschema of a Kafka record can be loaded by any JSON Schema tool.
 */
public final class EventTypeHttpService implements HttpService {
    private static final List<String> FIELDS = List.of("description", "owner", "topic", "compatibility", "schema");

    private final EventTypeRegistry registry;
    private final Requests requests;

    public EventTypeHttpService(EventTypeRegistry registry, long maxBodyBytes, Access access) {
        this.registry = registry;
        this.requests = new Requests(maxBodyBytes, access);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/event-types", (req, res) -> handle("list-event-types", req, res, Scope.READ, () -> list(res)))
                .get("/event-types/{name}", (req, res) -> handle("get-event-type", req, res, Scope.READ, () -> get(req, res)))
                .put("/event-types/{name}", (req, res) -> handle("put-event-type", req, res, Scope.ADMIN, () -> put(req, res)))
                .get("/event-types/{name}/versions/{version}", (req, res) ->
                        handle("get-schema-version", req, res, Scope.READ, () -> version(req, res)));
    }

    private void list(ServerResponse response) {
        JsonEvents.send(response, Status.OK_200, Map.of("event_types", registry.list().stream().map(EventTypeHttpService::json).toList()));
    }

    private void get(ServerRequest request, ServerResponse response) {
        JsonEvents.send(response, Status.OK_200, json(registry.get(request.path().pathParameters().get("name"))));
    }

    private void put(ServerRequest request, ServerResponse response) {
        JsonNode body = EventBodies.tree(requests.body(request));
        JsonEvents.allowOnly(body, FIELDS);
        var change = new EventTypeChange(JsonEvents.text(body, "description"), JsonEvents.text(body, "owner"),
                                         JsonEvents.text(body, "topic"),
                                         Compatibility.parse("compatibility", JsonEvents.text(body, "compatibility")),
                                         body.get("schema"));
        EventTypeRegistry.PutResult result = registry.put(request.path().pathParameters().get("name"), change);
        JsonEvents.send(response, result.created() ? Status.CREATED_201 : Status.OK_200, json(result.type()));
    }

    private void version(ServerRequest request, ServerResponse response) {
        String text = request.path().pathParameters().get("version");
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidEventException("version", "must be a whole number from 1");
        }
        JsonEvents.send(response, Status.OK_200, new RawValue(registry.version(request.path().pathParameters().get("name"),
                                                                               version).schema()));
    }

    private static Map<String, Object> json(EventType t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", t.name());
        out.put("description", t.description());
        out.put("owner", t.owner());
        out.put("topic", t.topic());
        out.put("compatibility", t.compatibility().name());
        out.put("latest_version", t.latestVersion());
        out.put("schema", new RawValue(t.schema()));
        out.put("created_at", t.createdAt().toString());
        out.put("updated_at", t.updatedAt().toString());
        return out;
    }

    private void handle(String operation, ServerRequest request, ServerResponse response, Scope scope, Runnable work) {
        Requests.handle(operation, response, () -> {
            requests.caller(request).require(scope);
            work.run();
        });
    }
}
