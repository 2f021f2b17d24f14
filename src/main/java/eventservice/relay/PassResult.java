package eventservice.relay;

/** What one relay pass did: events claimed, acknowledged by Kafka, failed (per-record errors). */
public record PassResult(int claimed, int published, int failed) {
    public static final PassResult NONE = new PassResult(0, 0, 0);
}
