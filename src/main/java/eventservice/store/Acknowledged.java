package eventservice.store;

/** An event Kafka acknowledged, by its seq, with where the broker stored its record (its topic: the event's). */
public record Acknowledged(long seq, int partition, long offset) {
}
