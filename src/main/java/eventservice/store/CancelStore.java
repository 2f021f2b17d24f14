package eventservice.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import eventservice.event.EventStatus;
import io.helidon.dbclient.DbRow;

/**
 * CancelEvents' writes: PENDING or FAILED events become CANCELLED under the same row locks as the
 * relay's claim (waiting for a claim under way, so that an event it sent is refused as PROCESSED),
 * in one transaction that also reads what the others are, so that each refusal can say why.
 */
public final class CancelStore {
    private final Database database;

    public CancelStore(Database database) {
        this.database = database;
    }

    /** Cancelled ids, and the status of each of {@code ids} not cancelled (absent: no such event). */
    public record Outcome(List<UUID> cancelled, Map<UUID, EventStatus> others) {
    }

    /**
     * Cancels the events of {@code statuses} that are {@code ids} (when given) and match {@code filter},
     * at most {@code limit}, oldest first.
     */
    public Outcome cancel(List<UUID> ids, EventFilter filter, List<EventStatus> statuses, int limit, String reason, String by) {
        String[] idTexts = ids.stream().map(UUID::toString).toArray(String[]::new);
        String[] statusNames = statuses.stream().map(Enum::name).toArray(String[]::new);
        List<Object> params = new ArrayList<>();
        params.add(statusNames);
        params.add(idTexts);
        params.add(idTexts);
        params.addAll(filter.parameters());
        params.add(limit);
        params.add(reason);
        params.add(by);
        return database.inTransaction(tx -> {
            tx.namedGet("plan-per-call");
            tx.namedGet("lock-wait-bounded");
            List<UUID> cancelled;
            try (Stream<DbRow> rows = tx.namedQuery("cancel-events", params.toArray())) {
                cancelled = rows.map(r -> EventRows.uuid(r.column("id").get())).toList();
            }
            Map<UUID, EventStatus> others = new HashMap<>();
            if (!ids.isEmpty()) {
                try (Stream<DbRow> rows = tx.namedQuery("select-event-statuses", (Object) idTexts)) {
                    rows.forEach(r -> others.put(EventRows.uuid(r.column("id").get()),
                                                 EventStatus.valueOf(r.column("status").get(String.class))));
                }
                cancelled.forEach(others::remove);
            }
            return new Outcome(cancelled, others);
        });
    }
}
