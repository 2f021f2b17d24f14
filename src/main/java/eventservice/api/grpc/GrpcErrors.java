package eventservice.api.grpc;

import java.lang.System.Logger.Level;

import eventservice.event.InvalidEventException;
import eventservice.ingest.DuplicateConflictException;
import eventservice.relay.RelayBusyException;
import eventservice.store.DatabaseUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

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
            case DatabaseUnavailableException down -> {
                LOGGER.log(Level.WARNING, method + ": " + down.getMessage());
                yield Status.UNAVAILABLE.withDescription("PostgreSQL is unavailable; retry later").asRuntimeException();
            }
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

    /** The event asked for does not exist. */
    static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }
}
