package eventservice.api.http;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

import eventservice.event.InvalidEventException;
import eventservice.ingest.DuplicateConflictException;
import eventservice.ingest.IngestOverloadedException;
import eventservice.relay.RelayBusyException;
import eventservice.security.PermissionDeniedException;
import eventservice.security.UnauthenticatedException;
import eventservice.store.DatabaseUnavailableException;
import eventservice.types.EventTypeNotFoundException;
import eventservice.types.IncompatibleSchemaException;
import eventservice.types.TopicUnavailableException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Exceptions to {"error":{"code","message"}} with their status; never a stack trace to the client. */
final class HttpErrors {
    private static final System.Logger LOGGER = System.getLogger(HttpErrors.class.getName());

    private HttpErrors() {
    }

    static void send(ServerResponse response, String operation, RuntimeException e) {
        switch (e) {
            case InvalidEventException invalid -> send(response, Status.BAD_REQUEST_400, "INVALID_ARGUMENT", invalid.getMessage());
            case DuplicateConflictException dup -> send(response, Status.CONFLICT_409, "ALREADY_EXISTS", dup.getMessage());
            case ApiError api -> send(response, api.status(), api.code(), api.getMessage());
            case UnauthenticatedException no -> send(response, Status.UNAUTHORIZED_401, "UNAUTHENTICATED", no.getMessage());
            case PermissionDeniedException no -> send(response, Status.FORBIDDEN_403, "PERMISSION_DENIED", no.getMessage());
            case EventTypeNotFoundException nf -> send(response, Status.NOT_FOUND_404, "NOT_FOUND", nf.getMessage());
            case IncompatibleSchemaException bad -> send(response, Status.CONFLICT_409, "FAILED_PRECONDITION", bad.getMessage());
            case TopicUnavailableException down -> {
                LOGGER.log(Level.WARNING, operation + ": " + down.getMessage() + ": " + down.getCause());
                send(response, Status.SERVICE_UNAVAILABLE_503, "UNAVAILABLE", down.getMessage() + "; retry later");
            }
            case DatabaseUnavailableException down -> {
                LOGGER.log(Level.WARNING, operation + ": " + down.getMessage());
                send(response, Status.SERVICE_UNAVAILABLE_503, "UNAVAILABLE", "PostgreSQL is unavailable; retry later");
            }
            case IngestOverloadedException busy -> send(response, Status.SERVICE_UNAVAILABLE_503, "UNAVAILABLE", busy.getMessage());
            case RelayBusyException busy -> {
                LOGGER.log(Level.WARNING, operation + ": " + busy.getMessage());
                send(response, Status.SERVICE_UNAVAILABLE_503, "UNAVAILABLE", busy.getMessage());
            }
            default -> {
                LOGGER.log(Level.ERROR, operation + " failed", e);
                send(response, Status.INTERNAL_SERVER_ERROR_500, "INTERNAL", "internal error");
            }
        }
    }

    static void send(ServerResponse response, Status status, String code, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        JsonEvents.send(response, status, Map.of("error", error));
    }
}
