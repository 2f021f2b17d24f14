package eventservice.relay;

/** What became of one event a pass meant to send, and so what is written for it. */
enum Outcome {
    /** Kafka acknowledged the record: PROCESSED. */
    ACKED,
    /** Kafka refused this record (e.g. too large): FAILED, one retry spent. */
    REFUSED,
    /**
     * No acknowledgement, or an error of the broker rather than of the record (unreachable, timed
     * out: Kafka's RetriableException): PENDING again without spending a retry; the relay pauses.
     */
    UNANSWERED,
    /**
     * Not sent in this pass: an earlier event of its aggregate in the pass was not acknowledged, or
     * its sending round was too small to wait for ({@link Waves}). PENDING again, for a later claim.
     */
    DEFERRED
}
