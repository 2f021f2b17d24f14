package eventservice.store;

/** An event Kafka acknowledged, by its seq, with where the broker stored its record. */
public record Acknowledged(long seq, String topic, int partition, long offset) {
}
