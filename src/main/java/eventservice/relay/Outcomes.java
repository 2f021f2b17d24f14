package eventservice.relay;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

import eventservice.event.Backoff;
import eventservice.event.Event;
import eventservice.store.Acknowledged;
import eventservice.store.Failure;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The outcome of each event of one pass, written by the producer's callbacks as acknowledgements
 * arrive and read once the pass stops waiting; an event with no outcome by then is unanswered.
 */
final class Outcomes {
    private static final System.Logger LOGGER = System.getLogger(Outcomes.class.getName());

    private final List<Event> events;
    private final AtomicReferenceArray<Outcome> outcomes;
    private final AtomicReferenceArray<Exception> errors;
    private final AtomicReferenceArray<RecordMetadata> positions;

    Outcomes(List<Event> events) {
        this.events = events;
        this.outcomes = new AtomicReferenceArray<>(events.size());
        this.errors = new AtomicReferenceArray<>(events.size());
        this.positions = new AtomicReferenceArray<>(events.size());
    }

    /** The error first: whoever sees the outcome sees its error too. */
    void set(int index, Outcome outcome, Exception error) {
        errors.set(index, error);
        outcomes.set(index, outcome);
    }

    /** An acknowledgement, with where the broker stored the record: set before the outcome, as errors are. */
    void acknowledged(int index, RecordMetadata position) {
        positions.set(index, position);
        outcomes.set(index, Outcome.ACKED);
    }

    Outcome get(int index) {
        Outcome outcome = outcomes.get(index);
        return outcome == null ? Outcome.UNANSWERED : outcome;
    }

    int size() {
        return events.size();
    }

    List<Event> with(Outcome outcome) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (get(i) == outcome) {
                out.add(events.get(i));
            }
        }
        return out;
    }

    /** The acknowledged events by seq (the mark finds their state rows by it), with their records' places. */
    List<Acknowledged> acknowledged() {
        List<Acknowledged> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (get(i) == Outcome.ACKED) {
                RecordMetadata position = positions.get(i);
                out.add(new Acknowledged(events.get(i).seq(), position.partition(), position.offset()));
            }
        }
        return out;
    }

    /** The refused events with their errors and when each is due again. */
    List<Failure> failures(Backoff backoff) {
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (get(i) == Outcome.REFUSED) {
                Event event = events.get(i);
                int attempt = event.retryCount() + 1;
                String error = describe(errors.get(i));
                failures.add(new Failure(event.id(), error, backoff.delay(attempt)));
                LOGGER.log(Level.WARNING, "event " + event.id() + " failed to publish (attempt " + attempt + "): " + error);
            }
        }
        return failures;
    }

    /** Events stored claimed that go back to PENDING: unanswered, or deferred. */
    List<UUID> notSent() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (get(i) == Outcome.UNANSWERED || get(i) == Outcome.DEFERRED) {
                ids.add(events.get(i).id());
            }
        }
        return ids;
    }

    /** What the broker said when it did not acknowledge: the last such error, or "no acknowledgement". */
    String brokerProblem() {
        String problem = "no acknowledgement";
        for (int i = 0; i < events.size(); i++) {
            Exception error = errors.get(i);
            if (get(i) == Outcome.UNANSWERED && error != null) {
                problem = describe(error);
            }
        }
        return problem;
    }

    static String describe(Exception error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}
