package eventservice.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

import eventservice.event.EventStatus;
import eventservice.operate.Overview;
import eventservice.store.ReplayJob;

/** A replay job and the overview as the HTTP API writes them. */
final class JsonOperate {
    private JsonOperate() {
    }

    static Map<String, Object> job(ReplayJob job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", job.id().toString());
        out.put("state", job.state());
        out.put("selected", job.selected());
        out.put("sent", job.sent());
        out.put("topic", job.topic());
        out.put("requested_by", job.requestedBy());
        out.put("created_at", JsonEvents.time(job.createdAt()));
        out.put("finished_at", JsonEvents.time(job.finishedAt()));
        out.put("error", job.error());
        return out;
    }

    static Map<String, Object> overview(Overview.Snapshot snapshot) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (EventStatus status : EventStatus.values()) {
            counts.put(status.name(), snapshot.counts().getOrDefault(status, 0L));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", counts);
        out.put("processed_estimated", snapshot.processedEstimated());
        out.put("relay_lag_seconds", snapshot.relayLagSeconds());
        out.put("rates", Map.of("published_per_minute", snapshot.storedPerMinute(),
                                "acknowledged_per_minute", snapshot.acknowledgedPerMinute()));
        out.put("dependencies", snapshot.dependencies());
        out.put("latest_failures", snapshot.latestFailures().stream().map(f -> {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("id", f.id().toString());
            failure.put("event_type", f.type());
            failure.put("aggregate_id", f.aggregateId());
            failure.put("last_error", f.lastError());
            failure.put("attempts", f.attempts());
            failure.put("next_attempt_at", JsonEvents.time(f.nextAttemptAt()));
            return failure;
        }).toList());
        return out;
    }
}
