package eventservice.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 3, relay drain. {@code seed}: N PENDING events written straight into the events table
 * with multi-row INSERTs (the service stopped or its relay off; with {@code --warm}, for a service
 * already running its relay). {@code drain}: with the service now running its relay, waits until
 * every event is PROCESSED and reports the rate.
 */
final class Drain {
    private static final int ROWS_PER_INSERT = 1000;

    private Drain() {
    }

    static boolean seed(Opts o, Path results) throws Exception {
        String db = o.str("db", "event_bench");
        long n = o.lng("events", 1_000_000);
        int aggregates = o.integer("aggregates", 100_000);
        // --warm: for a service already running (its relay on, warmed up by a drain before). The rows
        // are written in one transaction, so its relay finds the whole backlog at the commit, as if
        // it had piled up while Kafka was away.
        boolean oneTransaction = o.bool("warm", false);
        int threads = oneTransaction ? 1 : o.integer("seed-threads", 2);
        try (Connection c = Pg.connect(o, db)) {
            Pg.exec(c, "TRUNCATE event_log, event_state");  // the ingest scenarios' rows go; the schema stays
        }
        String[] payloads = new String[1024];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = Data.payload(i);
        }
        // as the service stores an event: its row in event_log, its state (PENDING) in event_state
        StringBuilder sql = new StringBuilder("WITH logged AS (INSERT INTO event_log (id, type, aggregate_id, payload) VALUES ");
        for (int i = 0; i < ROWS_PER_INSERT; i++) {
            sql.append(i == 0 ? "" : ",").append("(?::uuid, ?, ?, ?::json)");
        }
        String returning = " RETURNING seq, aggregate_id) INSERT INTO event_state (seq, aggregate_id) SELECT seq, aggregate_id FROM logged";
        String full = sql + returning;
        AtomicLong nextRow = new AtomicLong();
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
                long written = 0;
                try (Connection c = Pg.connect(o, db)) {
                    c.setAutoCommit(!oneTransaction);
                    PreparedStatement full1000 = c.prepareStatement(full);
                    while (true) {
                        long from = nextRow.getAndAdd(ROWS_PER_INSERT);
                        if (from >= n) {
                            if (oneTransaction) {
                                // statistics as autovacuum would have them, committed with the rows
                                Pg.exec(c, "ANALYZE event_log, event_state");
                                c.commit();
                            }
                            return written;
                        }
                        int rows = (int) Math.min(ROWS_PER_INSERT, n - from);
                        PreparedStatement ps = rows == ROWS_PER_INSERT ? full1000
                                : c.prepareStatement(full.substring(0, full.indexOf("VALUES ") + 7)
                                        + String.join(",", Collections.nCopies(rows, "(?::uuid, ?, ?, ?::json)")) + returning);
                        int p = 1;
                        for (int i = 0; i < rows; i++) {
                            ps.setString(p++, Data.uuidV7().toString());
                            ps.setString(p++, Data.TYPE);
                            ps.setString(p++, Data.aggregate(aggregates));
                            ps.setString(p++, payloads[(int) ((from + i) & 1023)]);
                        }
                        written += ps.executeUpdate();
                    }
                }
            }));
        }
        long written = 0;
        for (Future<Long> f : parts) {
            written += f.get();
        }
        pool.shutdown();
        double seedSeconds = (System.nanoTime() - began) / 1e9;
        if (!oneTransaction) {
            try (Connection c = Pg.connect(o, db)) {
                // as autovacuum would have by the time such a backlog had piled up
                Pg.exec(c, "VACUUM ANALYZE event_log, event_state");
            }
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("events", written);
        v.put("seconds", seedSeconds);
        v.put("rows_per_s", written / seedSeconds);
        v.put("rows_per_insert", ROWS_PER_INSERT);
        Results.append(results, "seed", label(o, n), v);
        return written == n;
    }

    /** "N=1000000", or "N=1000000 warm" for the drain by a service that had drained a backlog before. */
    static String label(Opts o, long n) {
        return "N=" + n + (o.bool("warm", false) ? " warm" : "");
    }

    static boolean drain(Opts o, Path results) throws Exception {
        String db = o.str("db", "event_bench");
        long n = o.lng("events", 1_000_000);
        boolean warm = o.bool("warm", false);
        long startedMs = o.lng("service-started-ms", System.currentTimeMillis());
        long timeoutMs = o.lng("timeout-seconds", 120 + n / 500) * 1000;
        long pollMs = o.lng("poll-ms", n >= 100_000 ? 1000 : 100);
        Autovacuum autovacuum = new Autovacuum(o, db);
        try (Connection c = Pg.connect(o, db)) {
            long began = System.currentTimeMillis();
            long lastPrint = began;
            // Done yet? One live (not PROCESSED) row through the service's partial index is enough
            // to say no; counting them all, or the PROCESSED ones, would cost the relay CPU each time.
            String anyLeft = "SELECT count(*) FROM (SELECT 1 FROM event_state WHERE status <> 'PROCESSED' LIMIT 1) x";
            long left = Pg.scalar(c, anyLeft);
            while (left > 0 && System.currentTimeMillis() - began < timeoutMs) {
                Thread.sleep(pollMs);
                left = Pg.scalar(c, anyLeft);
                if (left > 0 && System.currentTimeMillis() - lastPrint >= 30_000) {
                    lastPrint = System.currentTimeMillis();
                    System.out.printf("  drain: %d of %d left after %.0f s%n",
                            Pg.scalar(c, "SELECT count(*) FROM event_state WHERE status <> 'PROCESSED'"), n, (lastPrint - began) / 1000.0);
                }
            }
            autovacuum.close();
            // The relay's own clock: from its first committed batch to its last. The events of the
            // first batch are left out of the count, as their work happened before the span starts.
            long processed;
            long failed;
            long afterFirst;
            Timestamp first;
            Timestamp last;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("""
                         WITH span AS (SELECT min(processed_at) AS first, max(processed_at) AS last FROM event_state)
                         SELECT count(*) FILTER (WHERE status = 'PROCESSED'), count(*) FILTER (WHERE status = 'FAILED'),
                                count(*) FILTER (WHERE processed_at > span.first), span.first, span.last
                           FROM event_state, span GROUP BY span.first, span.last""")) {
                if (!rs.next()) {
                    throw new IllegalStateException("the events table is empty");
                }
                processed = rs.getLong(1);
                failed = rs.getLong(2);
                afterFirst = rs.getLong(3);
                first = rs.getTimestamp(4);
                last = rs.getTimestamp(5);
            }
            boolean complete = left == 0 && processed == n;
            double span = first == null ? Double.NaN : (last.getTime() - first.getTime()) / 1000.0;
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("events", n);
            v.put("processed", processed);
            v.put("failed", failed);
            v.put("seconds", span);
            v.put("events_per_s", complete && span > 0 ? afterFirst / span : Double.NaN);
            v.put("since_service_start_s", last == null || warm ? Double.NaN : (last.getTime() - startedMs) / 1000.0);
            v.put("warm", warm);
            v.put("complete", complete);
            v.put("autovacuum", autovacuum.describe());
            Results.append(results, "drain", label(o, n), v);
            if (!complete) {
                System.err.println("drain: " + (n - processed) + " events still not PROCESSED after " + timeoutMs / 1000 + " s");
            }
            return complete;
        } finally {
            autovacuum.close();
        }
    }
}
