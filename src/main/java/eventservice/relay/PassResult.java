package eventservice.relay;

/**
 * What one relay pass did: events claimed, acknowledged by Kafka, failed (per-record errors),
 * whether another pass may find due events at once (a full claim, or events no longer held back),
 * and whether the claim locked as many events as it could (a backlog: another worker joins in).
 */
public record PassResult(int claimed, int published, int failed, boolean more, boolean full) {
    public static final PassResult NONE = new PassResult(0, 0, 0, false, false);
    /** Nothing claimed, but the claim was full of events held back: the next slice may have some. */
    public static final PassResult ONLY_HELD_BACK = new PassResult(0, 0, 0, true, false);

    PassResult and(PassResult next) {
        return new PassResult(claimed + next.claimed, published + next.published, failed + next.failed,
                              more || next.more, full || next.full);
    }
}
