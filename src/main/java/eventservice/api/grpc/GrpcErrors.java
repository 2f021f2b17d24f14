package eventservice.api.grpc;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

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
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** Exceptions to gRPC statuses: a clear message for the client, never a stack trace. */
final class GrpcErrors {
    private static final System.Logger LOGGER = System.getLogger(GrpcErrors.class.getName());

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(String method, RuntimeException e) {
        return switch (e) {
            case InvalidEventException invalid -> Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
            case DuplicateConflictException dup -> Status.ALREADY_EXISTS.withDescription(dup.getMessage()).asRuntimeException();
            case NotFoundException nf -> Status.NOT_FOUND.withDescription(nf.getMessage()).asRuntimeException();
            case EventTypeNotFoundException nf -> Status.NOT_FOUND.withDescription(nf.getMessage()).asRuntimeException();
            case IncompatibleSchemaException bad -> Status.FAILED_PRECONDITION.withDescription(bad.getMessage()).asRuntimeException();
            case UnauthenticatedException no -> Status.UNAUTHENTICATED.withDescription(no.getMessage()).asRuntimeException();
            case PermissionDeniedException no -> Status.PERMISSION_DENIED.withDescription(no.getMessage()).asRuntimeException();
            case TopicUnavailableException down -> {
                LOGGER.log(Level.WARNING, method + ": " + down.getMessage() + ": " + down.getCause());
                yield Status.UNAVAILABLE.withDescription(down.getMessage() + "; retry later").asRuntimeException();
            }
            case DatabaseUnavailableException down -> {
                LOGGER.log(Level.WARNING, method + ": " + down.getMessage());
                yield Status.UNAVAILABLE.withDescription("PostgreSQL is unavailable; retry later").asRuntimeException();
            }
            case IngestOverloadedException busy -> Status.UNAVAILABLE.withDescription(busy.getMessage()).asRuntimeException();
            case RelayBusyException busy -> {
                LOGGER.log(Level.WARNING, method + ": " + busy.getMessage());
                yield Status.UNAVAILABLE.withDescription(busy.getMessage()).asRuntimeException();
            }
            case StatusRuntimeException sre -> sre;
            default -> {
                LOGGER.log(Level.ERROR, method + " failed", e);
                yield Status.INTERNAL.withDescription("internal error").asRuntimeException();
            }
        };
    }

    /** Answers with what {@code work} returns, or with the status its exception maps to. */
    static <T> void answer(String method, StreamObserver<T> response, Supplier<T> work) {
        T value;
        try {
            value = work.get();
        } catch (RuntimeException e) {
            response.onError(toStatus(method, e));
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }

    /** The event asked for does not exist. */
    static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }
}
