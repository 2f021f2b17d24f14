package eventservice.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import eventservice.event.EventIds;
import eventservice.event.EventStatus;
import eventservice.event.InvalidEventException;
import eventservice.operate.EventCancel;
import eventservice.operate.Operations;
import eventservice.security.Access;
import eventservice.security.Caller;
import eventservice.security.Scope;
import eventservice.store.ReplayJob;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The operators' commands and views over HTTP: cancel events, replay them, the overview. */
public final class OperateHttpService implements HttpService {
    private final Operations operations;
    private final Requests requests;

    public OperateHttpService(Operations operations, long maxBodyBytes, Access access) {
        this.operations = operations;
        this.requests = new Requests(maxBodyBytes, access);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/events:cancel", (req, res) -> handle("cancel", res, () -> cancel(req, res, caller(req, Scope.OPERATE))))
                .post("/events:replay", (req, res) -> handle("replay", res, () -> replay(req, res, caller(req, Scope.OPERATE))))
                .get("/replays", (req, res) -> handle("list-replays", res, () -> {
                    caller(req, Scope.READ);
                    listReplays(req, res);
                }))
                .get("/replays/{id}", (req, res) -> handle("get-replay", res, () -> {
                    caller(req, Scope.READ);
                    JsonEvents.send(res, Status.OK_200, job(operations.replays().get(replayId(req)), replayId(req)));
                }))
                .delete("/replays/{id}", (req, res) -> handle("cancel-replay", res, () -> {
                    caller(req, Scope.OPERATE);
                    JsonEvents.send(res, Status.OK_200, job(operations.replays().cancel(replayId(req)), replayId(req)));
                }))
                .get("/events/{id}/record", (req, res) -> handle("record", res, () -> {
                    caller(req, Scope.READ);
                    record(req, res);
                }))
                .get("/overview", (req, res) -> handle("overview", res, () -> {
                    caller(req, Scope.READ);
                    noQuery(req);
                    JsonEvents.send(res, Status.OK_200, JsonOperate.overview(operations.overview().now()));
                }));
    }

    private void record(ServerRequest request, ServerResponse response) {
        noQuery(request);
        UUID id = EventIds.parse("id", request.path().pathParameters().get("id"));
        Operations.SentRecord record = operations.record(id)
                .orElseThrow(() -> new ApiError(Status.NOT_FOUND_404, "NOT_FOUND", "event " + id + " not found"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", record.topic());
        out.put("key", record.key());
        out.put("headers", record.headers());
        out.put("value", new RawValue(record.value()));
        JsonEvents.send(response, Status.OK_200, out);
    }

    private static void noQuery(ServerRequest request) {
        for (String name : request.query().names()) {
            throw new InvalidEventException(name, "unknown query parameter (none allowed)");
        }
    }

    private void replay(ServerRequest request, ServerResponse response, Caller caller) {
        JsonNode body = EventBodies.tree(requests.body(request));
        JsonEvents.allowOnly(body, List.of("ids", "filter", "topic"));
        OperateBodies.Filter filter = OperateBodies.filter(body, Set.of());
        ReplayJob job = operations.replays().start(OperateBodies.ids(body), filter == null ? null : filter.events(),
                                                   OperateBodies.text(body, "topic"), caller.identity());
        JsonEvents.send(response, Status.ACCEPTED_202, JsonOperate.job(job));
    }

    private void listReplays(ServerRequest request, ServerResponse response) {
        var query = request.query();
        for (String name : query.names()) {
            if (!name.equals("limit")) {
                throw new InvalidEventException(name, "unknown query parameter (allowed: limit)");
            }
        }
        int limit = query.first("limit").map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new InvalidEventException("limit", "must be a whole number");
            }
        }).orElse(0);
        JsonEvents.send(response, Status.OK_200,
                        Map.of("replays", operations.replays().list(limit).stream().map(JsonOperate::job).toList()));
    }

    private static UUID replayId(ServerRequest request) {
        return EventIds.parse("id", request.path().pathParameters().get("id"));
    }

    private static Map<String, Object> job(Optional<ReplayJob> job, UUID id) {
        return JsonOperate.job(job.orElseThrow(() -> new ApiError(Status.NOT_FOUND_404, "NOT_FOUND", "replay " + id + " not found")));
    }

    private Caller caller(ServerRequest request, Scope scope) {
        Caller caller = requests.caller(request);
        caller.require(scope);
        return caller;
    }

    private void cancel(ServerRequest request, ServerResponse response, Caller caller) {
        JsonNode body = EventBodies.tree(requests.body(request));
        JsonEvents.allowOnly(body, List.of("ids", "filter", "reason"));
        OperateBodies.Filter filter = OperateBodies.filter(body, Set.of(EventStatus.PENDING, EventStatus.FAILED));
        EventCancel.Result result = operations.cancel().cancel(OperateBodies.ids(body), filter == null ? null : filter.events(),
                                                               filter == null ? null : filter.status(),
                                                               OperateBodies.text(body, "reason"), caller.identity());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cancelled", result.cancelled().stream().map(Object::toString).toList());
        out.put("refused", result.refused().stream()
                .map(r -> Map.of("id", r.id().toString(), "reason", r.reason())).toList());
        JsonEvents.send(response, Status.OK_200, out);
    }

    private static void handle(String operation, ServerResponse response, Runnable work) {
        Requests.handle(operation, response, work);
    }
}
