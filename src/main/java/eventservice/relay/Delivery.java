package eventservice.relay;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import eventservice.event.Event;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Sends events claimed for the relay with the shared producer and waits for Kafka's answers: an
 * aggregate's events one after another, in rounds ({@link Waves}), and none after one that was not
 * acknowledged. Writes nothing: the caller records the {@link Outcomes}.
 */
final class Delivery {
    private static final System.Logger LOGGER = System.getLogger(Delivery.class.getName());

    private final Supplier<Producer<String, byte[]>> producer;
    private final EventRecords records;
    private final Duration lease;

    /** {@code producer}: the shared producer, or null while it is not made yet (start-up). */
    Delivery(Supplier<Producer<String, byte[]>> producer, EventRecords records, Duration lease) {
        this.producer = producer;
        this.records = records;
        this.lease = lease;
    }

    /** Sends {@code events} (in seq order) and waits, at most the lease, for every answer. */
    Outcomes send(List<Event> events) {
        Outcomes outcomes = new Outcomes(events);
        long deadline = System.nanoTime() + lease.toNanos();
        Set<String> stopped = new HashSet<>();  // aggregates with an event not acknowledged
        Waves waves = Waves.of(events);
        waves.later().forEach(index -> outcomes.set(index, Outcome.DEFERRED, null));
        for (List<Integer> wave : waves.rounds()) {
            List<Integer> going = new ArrayList<>(wave.size());
            for (int index : wave) {
                if (stopped.contains(events.get(index).aggregateId())) {
                    outcomes.set(index, Outcome.DEFERRED, null);
                } else {
                    going.add(index);
                }
            }
            if (going.isEmpty()) {
                continue;  // every aggregate of the round stopped: no flush, which would wait for the other workers' sends
            }
            sendRound(events, going, outcomes, deadline);
            for (int index : going) {
                if (outcomes.get(index) != Outcome.ACKED) {
                    stopped.add(events.get(index).aggregateId());
                }
            }
        }
        return outcomes;
    }

    private void sendRound(List<Event> events, List<Integer> indexes, Outcomes outcomes, long deadline) {
        Producer<String, byte[]> producer = this.producer.get();
        if (producer == null) {
            // as if the broker were away: the events stay due
            TimeoutException notYet = new TimeoutException("Kafka's producer is not made yet");
            indexes.forEach(index -> outcomes.set(index, Outcome.UNANSWERED, notYet));
            return;
        }
        CountDownLatch answers = new CountDownLatch(indexes.size());
        for (int index : indexes) {
            try {
                producer.send(records.record(events.get(index)), (metadata, error) -> {
                    // Runs on the producer's I/O thread: note the outcome and nothing else.
                    if (error == null) {
                        outcomes.acknowledged(index, metadata);
                    } else {
                        outcomes.set(index, outcome(error), error);
                    }
                    answers.countDown();
                });
            } catch (RuntimeException e) {
                outcomes.set(index, outcome(e), e);
                answers.countDown();
            }
        }
        // Send the round now instead of waiting out linger.ms: it is already complete.
        producer.flush();
        try {
            // delivery.timeout.ms bounds every send; the margin (up to the lease) covers a slow callback.
            if (!answers.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOGGER.log(Level.WARNING, "relay: acknowledgements still missing after the lease");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Outcome outcome(Exception error) {
        if (error == null) {
            return Outcome.ACKED;
        }
        return isBrokerLevel(error) ? Outcome.UNANSWERED : Outcome.REFUSED;
    }

    static boolean isBrokerLevel(Exception error) {
        return error instanceof RetriableException
                || error instanceof InterruptException
                || (error.getCause() instanceof RetriableException);
    }
}
