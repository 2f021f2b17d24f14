package eventservice.relay;

/** An operator's relay pass could not start in time: the relay's own claims kept the claim cursor. */
public final class RelayBusyException extends RuntimeException {
    public RelayBusyException(String message) {
        super(message);
    }
}
