package eventservice.security;

/**
 * What a token may do besides publishing (which is granted per event type): read events and event
 * types, operate the relay (retry, cancel, replay, process), administer event types.
 */
public enum Scope {
    READ,
    OPERATE,
    ADMIN
}
