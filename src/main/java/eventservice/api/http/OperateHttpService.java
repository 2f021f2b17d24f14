package eventservice.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import eventservice.event.EventStatus;
import eventservice.operate.EventCancel;
import eventservice.operate.Operations;
import eventservice.security.Access;
import eventservice.security.Caller;
import eventservice.security.Scope;
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
        rules.post("/events:cancel", (req, res) -> handle("cancel", res, () -> cancel(req, res, caller(req, Scope.OPERATE))));
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
