package eventservice.api.http;

import io.helidon.http.Status;

/** An HTTP error with its code word, e.g. 415 UNSUPPORTED_MEDIA_TYPE. */
final class ApiError extends RuntimeException {
    private final Status status;
    private final String code;

    ApiError(Status status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    Status status() {
        return status;
    }

    String code() {
        return code;
    }
}
