package eventservice.relay;

/**
 * What one relay pass did: events claimed, acknowledged by Kafka, failed (per-record errors), and
 * whether another pass may find due events at once (a full claim, or events it no longer holds back).
 */
public record PassResult(int claimed, int published, int failed, boolean more) {
    public static final PassResult NONE = new PassResult(0, 0, 0, false);

    PassResult and(PassResult next) {
        return new PassResult(claimed + next.claimed, published + next.published, failed + next.failed, more || next.more);
    }
}
