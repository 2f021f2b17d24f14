package eventservice.security;

/** No valid bearer token where one is required: 401 / UNAUTHENTICATED. */
public final class UnauthenticatedException extends RuntimeException {
    public UnauthenticatedException() {
        super("a valid bearer token is required");
    }
}
