package eventservice.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

import eventservice.store.ReplayJob;

/** A replay job as the HTTP API writes it. */
final class JsonReplays {
    private JsonReplays() {
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
}
