package eventservice.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which events an operator's command (cancel, replay, retry) applies to: any field null matches
 * every event; created_at from {@code createdAfter} (inclusive) to {@code createdBefore} (exclusive).
 */
public record EventFilter(String type, String aggregateId, Instant createdAfter, Instant createdBefore) {
    public static final EventFilter ANY = new EventFilter(null, null, null, null);

    /** The six parameters of {@code db.sql.event-filter}, in its order. */
    List<Object> parameters() {
        List<Object> out = new ArrayList<>(6);
        out.add(orEmpty(type));
        out.add(orEmpty(type));
        out.add(orEmpty(aggregateId));
        out.add(orEmpty(aggregateId));
        out.add(createdAfter == null ? "-infinity" : createdAfter.toString());
        out.add(createdBefore == null ? "infinity" : createdBefore.toString());
        return out;
    }

    public boolean isEmpty() {
        return type == null && aggregateId == null && createdAfter == null && createdBefore == null;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
