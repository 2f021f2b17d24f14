package eventservice.security;

/** A valid token without the scope the call needs: 403 / PERMISSION_DENIED, naming what is missing. */
public final class PermissionDeniedException extends RuntimeException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
