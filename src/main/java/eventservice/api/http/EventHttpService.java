package eventservice.api.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import eventservice.event.EventIds;
import eventservice.event.EventStatus;
import eventservice.event.InvalidEventException;
import eventservice.event.Json;
import eventservice.event.NewEvent;
import eventservice.ingest.EventIngest;
import eventservice.query.EventQueries;
import eventservice.relay.PassResult;
import eventservice.relay.RelayCommands;
import eventservice.security.Access;
import eventservice.security.Caller;
import eventservice.security.Scope;
import eventservice.store.EventFilter;
import eventservice.store.StoredEvent;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** /api/v1/events: the HTTP door onto the same ingest, queries and relay commands as gRPC. */
public final class EventHttpService implements HttpService {
    private static final Set<String> LIST_PARAMETERS = Set.of("type", "status", "aggregate_id", "created_after", "created_before",
                                                              "page_size", "page_token");

    private final EventIngest ingest;
    private final EventQueries queries;
    private final RelayCommands relay;
    private final Requests requests;

    public EventHttpService(EventIngest ingest, EventQueries queries, RelayCommands relay, long maxBodyBytes,
                            Access access) {
        this.ingest = ingest;
        this.queries = queries;
        this.relay = relay;
        this.requests = new Requests(maxBodyBytes, access);
    }

    @Override
    public void routing(HttpRules rules) {
        // Registered at /api/v1; the custom methods (events:batch …) share the collection's segment.
        // A publish needs a token at once; the types it may publish are checked once its body is read.
        rules.post("/events", (req, res) -> handle("publish", res, () -> publish(req, res, publisher(req))))
                .get("/events", (req, res) -> handle("list", res, () -> allowed(req, Scope.READ, () -> list(req, res))))
                .post("/events:batch", (req, res) -> handle("batch", res, () -> batch(req, res, publisher(req))))
                .post("/events:process-pending", (req, res) ->
                        handle("process-pending", res, () -> allowed(req, Scope.OPERATE, () -> processPending(req, res))))
                .post("/events:retry-failed", (req, res) ->
                        handle("retry-failed", res, () -> allowed(req, Scope.OPERATE, () -> retryFailed(req, res))))
                .get("/events/{id}", (req, res) -> handle("get", res, () -> allowed(req, Scope.READ, () -> get(req, res))));
    }

    private Caller publisher(ServerRequest request) {
        Caller caller = requests.caller(request);
        caller.requireToken();
        return caller;
    }

    private void allowed(ServerRequest request, Scope scope, Runnable work) {
        requests.caller(request).require(scope);
        work.run();
    }

    private void publish(ServerRequest request, ServerResponse response, Caller caller) {
        NewEvent event = JsonEvents.newEvent(EventBodies.event(body(request)),
                                             request.headers().first(HeaderNames.create("Idempotency-Key")).orElse(null));
        caller.requirePublish(List.of(event.type()));
        StoredEvent stored = ingest.publish(event);
        JsonEvents.send(response, stored.duplicate() ? Status.OK_200 : Status.CREATED_201, JsonEvents.event(stored.event()));
    }

    private void batch(ServerRequest request, ServerResponse response, Caller caller) {
        JsonNode body = EventBodies.batch(body(request));
        JsonEvents.allowOnly(body, List.of("events"));
        JsonNode events = body.get("events");
        if (events == null || !events.isArray()) {
            throw new InvalidEventException("events", "must be an array of events");
        }
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                batch.add(JsonEvents.newEvent(events.get(i), null));
            } catch (InvalidEventException e) {
                throw e.atIndex(i);
            }
        }
        caller.requirePublish(batch.stream().map(NewEvent::type).toList());
        List<StoredEvent> stored = ingest.publishAll(batch);
        boolean created = stored.stream().anyMatch(s -> !s.duplicate());
        JsonEvents.send(response, created ? Status.CREATED_201 : Status.OK_200,
                        Map.of("results", stored.stream().map(JsonEvents::result).toList()));
    }

    private void processPending(ServerRequest request, ServerResponse response) {
        JsonNode body = optionalBody(request);
        JsonEvents.allowOnly(body, List.of("limit"));
        PassResult result = relay.processPending(JsonEvents.integer(body, "limit"));
        JsonEvents.send(response, Status.OK_200,
                        Map.of("claimed", result.claimed(), "published", result.published(), "failed", result.failed()));
    }

    private void retryFailed(ServerRequest request, ServerResponse response) {
        JsonNode body = optionalBody(request);
        JsonEvents.allowOnly(body, List.of("limit", "ids", "filter", "include_exhausted"));
        List<UUID> ids = OperateBodies.ids(body);
        OperateBodies.Filter filter = OperateBodies.filter(body, Set.of());
        JsonNode exhausted = body.get("include_exhausted");
        if (exhausted != null && !exhausted.isNull() && !exhausted.isBoolean()) {
            throw new InvalidEventException("include_exhausted", "must be true or false");
        }
        var result = relay.retryFailed(JsonEvents.integer(body, "limit"), ids, filter == null ? EventFilter.ANY : filter.events(),
                                       exhausted != null && exhausted.asBoolean());
        JsonEvents.send(response, Status.OK_200,
                        Map.of("requeued", result.requeued(), "published", result.published(), "failed", result.failed()));
    }

    private void get(ServerRequest request, ServerResponse response) {
        UUID id = EventIds.parse("id", request.path().pathParameters().get("id"));
        var event = queries.get(id)
                .orElseThrow(() -> new ApiError(Status.NOT_FOUND_404, "NOT_FOUND", "event " + id + " not found"));
        JsonEvents.send(response, Status.OK_200, JsonEvents.event(event));
    }

    private void list(ServerRequest request, ServerResponse response) {
        var query = request.query();
        for (String name : query.names()) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw new InvalidEventException(name, "unknown query parameter (allowed: " + String.join(", ", LIST_PARAMETERS) + ")");
            }
            if (query.all(name).size() > 1) {
                throw new InvalidEventException(name, "must be given once");
            }
        }
        EventStatus status = query.first("status").map(EventHttpService::status).orElse(null);
        int pageSize = query.first("page_size").map(EventHttpService::pageSize).orElse(0);
        Instant after = query.first("created_after").filter(t -> !t.isEmpty())
                .map(t -> OperateBodies.instant("created_after", t)).orElse(null);
        Instant before = query.first("created_before").filter(t -> !t.isEmpty())
                .map(t -> OperateBodies.instant("created_before", t)).orElse(null);
        EventQueries.Page page = queries.list(new EventFilter(query.first("type").orElse(null),
                                                              query.first("aggregate_id").orElse(null), after, before),
                                              status, pageSize, query.first("page_token").orElse(""));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.events().stream().map(JsonEvents::event).toList());
        body.put("next_page_token", page.nextPageToken());
        JsonEvents.send(response, Status.OK_200, body);
    }

    private static EventStatus status(String text) {
        try {
            return text.isEmpty() ? null : EventStatus.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("status", "must be one of PENDING, PROCESSING, PROCESSED, FAILED, CANCELLED");
        }
    }

    private static int pageSize(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidEventException("page_size", "must be a whole number");
        }
    }

    private JsonNode optionalBody(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return Json.MAPPER.createObjectNode();
        }
        return EventBodies.tree(body(request));
    }

    private String body(ServerRequest request) {
        return requests.body(request);
    }

    private static void handle(String operation, ServerResponse response, Runnable work) {
        Requests.handle(operation, response, work);
    }
}
