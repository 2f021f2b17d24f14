package eventservice.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import eventservice.health.DependencyCheck;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /health}: {"status":"UP"|"DOWN","components":{...}}, 200 or 503. */
public final class HealthService implements HttpService {
    private final String serviceName;
    private final List<DependencyCheck> checks;

    public HealthService(String serviceName, List<DependencyCheck> checks) {
        this.serviceName = serviceName;
        this.checks = List.copyOf(checks);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest request, ServerResponse response) {
        Map<String, Object> components = new LinkedHashMap<>();
        boolean ready = true;
        for (DependencyCheck check : checks) {
            boolean up = check.up();
            ready &= up || !check.required();
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("status", up ? "UP" : "DOWN");
            component.put("required", check.required());
            components.put(check.name(), component);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("service", serviceName);
        body.put("components", components);
        JsonEvents.send(response, ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }
}
