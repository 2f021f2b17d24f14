package eventservice.health;

import java.util.function.BooleanSupplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Is one dependency reachable? Serves {@code /health} and Helidon's {@code /observe/health}.
 * {@code required} dependencies make the service unready when down; optional ones only show.
 */
public record DependencyCheck(String name, boolean required, BooleanSupplier probe) implements HealthCheck {

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = probe.getAsBoolean();
        // An optional dependency that is down is reported in the details but does not fail readiness.
        return HealthCheckResponse.builder()
                .status(up || !required)
                .detail("status", up ? "UP" : "DOWN")
                .detail("required", required)
                .build();
    }

    public boolean up() {
        return probe.getAsBoolean();
    }
}
