package eventservice.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import eventservice.event.InvalidEventException;
import eventservice.security.Access;
import eventservice.security.Caller;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** What every handler of the API does with a request: find its caller, read its JSON body within bounds, answer its errors. */
final class Requests {
    private final long maxBodyBytes;
    private final Access access;

    Requests(long maxBodyBytes, Access access) {
        this.maxBodyBytes = maxBodyBytes;
        this.access = access;
    }

    /** Who calls, by the request's bearer token. */
    Caller caller(ServerRequest request) {
        return access.caller(request.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
    }

    /** The body's text: only application/json, at most max-body-bytes, valid UTF-8. */
    String body(ServerRequest request) {
        var contentType = request.headers().contentType();
        if (contentType.isEmpty() || !"application/json".equalsIgnoreCase(contentType.get().mediaType().text())) {
            throw new ApiError(Status.UNSUPPORTED_MEDIA_TYPE_415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
        }
        if (request.headers().contentLength().orElse(0) > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = request.content().inputStream()) {
            bytes = in.readNBytes((int) maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
        } catch (IOException e) {
            throw new InvalidEventException("body", "could not be read in full");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("body", "must be valid UTF-8");
        }
    }

    private ApiError tooLarge() {
        return new ApiError(Status.REQUEST_ENTITY_TOO_LARGE_413, "PAYLOAD_TOO_LARGE", "body must be at most " + maxBodyBytes + " bytes");
    }

    /** Runs a handler; whatever it throws is answered as its status and code. */
    static void handle(String operation, ServerResponse response, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            HttpErrors.send(response, operation, e);
        }
    }
}
