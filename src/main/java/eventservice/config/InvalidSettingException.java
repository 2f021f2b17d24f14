package eventservice.config;

/** A configuration value that stops start-up; the message names the variable and what is wrong. */
public final class InvalidSettingException extends RuntimeException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
