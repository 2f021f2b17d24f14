package eventservice.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/** report.md (every figure, each scenario against its baseline) and latency.png from the results file. */
final class Report {
    private final List<Results.Row> rows;
    private final StringBuilder md = new StringBuilder();

    Report(List<Results.Row> rows) {
        this.rows = rows;
    }

    static boolean write(Opts o, Path results) throws Exception {
        Path out = Path.of(o.str("out", "target/bench"));
        Report r = new Report(Results.read(results));
        r.render(o);
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.md"), r.md, StandardCharsets.UTF_8);
        Chart.draw(r.rows, out.resolve("latency.png"), o.str("size", ""));
        System.out.println("wrote " + out.resolve("report.md") + " and " + out.resolve("latency.png"));
        return !r.rows.isEmpty();
    }

    private void render(Opts o) {
        md.append("# Event service benchmark\n\n");
        String failed = o.str("failed", "");
        if (!failed.isEmpty()) {
            md.append("**FAILED steps: ").append(failed.replace(",", ", ")).append("** (see the bench log)\n\n");
        }
        md.append("| | |\n|---|---|\n");
        md.append("| command | `").append(o.str("command", "bin/bench")).append("` |\n");
        md.append("| size | ").append(o.str("size", "?")).append(" |\n");
        md.append("| finished | ").append(java.time.ZonedDateTime.now().withNano(0)).append(" |\n");
        md.append("| wall time | ").append(o.str("elapsed", "?")).append(" s |\n");
        md.append("| service | ").append(o.str("revision", "?")).append(" |\n");
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memory()).append(", ").append(cpuModel()).append(" |\n");
        md.append("| Java | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        md.append("| PostgreSQL | ").append(postgresVersion(o)).append(" |\n");
        md.append("| Kafka | ").append(o.str("kafka", "single-node KRaft broker from bin/kafka")).append(" |\n\n");
        md.append("Everything runs on this one machine: load generator, service, PostgreSQL, broker and the baselines share its cores. ")
                .append("Latencies are in milliseconds; a ratio is scenario / baseline (events/s above 1: faster than the baseline; ")
                .append("latency above 1: slower).\n\n");

        Targets.render(this, md);
        unary();
        batch();
        IngestWithSchema.render(this, md);
        drain();
        endToEnd();
        footprint();
        peer();
        everything();
    }

    private void unary() {
        md.append("## 1. Unary ingest: PublishEvent, closed loop (relay off)\n\n");
        md.append("Baseline: pgbench, the same row (300-byte JSON, random aggregate of 100 000, UUIDv7-like id) into the service's ")
                .append("first `events` table (`V1__events.sql`; the service now writes an event as two rows, V4), one INSERT per transaction, same number of clients (capped by `max_connections`).\n\n");
        md.append("| concurrency | events/s | p50 | p99 | p99.9 | errors | pgbench clients | pgbench events/s | pgbench p50 | pgbench p99 | pgbench p99.9 | events/s ratio | p99 ratio |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row s : of("unary")) {
            Optional<Results.Row> b = find("pg-single", s.label());
            md.append(cells(s.str("concurrency"), n(s, "events_per_s"), n(s, "p50_ms"), n(s, "p99_ms"), n(s, "p999_ms"),
                    s.str("errors"), b.map(x -> x.str("concurrency")).orElse(""), n(b, "events_per_s"), n(b, "p50_ms"),
                    n(b, "p99_ms"), n(b, "p999_ms"), ratio(s, b, "events_per_s"), ratio(s, b, "p99_ms")));
        }
        md.append('\n');
    }

    private void batch() {
        md.append("## 2. Batch ingest: PublishEvents (relay off)\n\n");
        md.append("Latency per call (the whole batch). Baseline: pgbench, one multi-row INSERT of the same size per transaction, same clients.\n\n");
        md.append("| events per call | concurrency | events/s | calls/s | p50 | p99 | p99.9 | errors | pgbench events/s | pgbench p50 | pgbench p99 | pgbench p99.9 | events/s ratio | p99 ratio |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row s : of("batch")) {
            Optional<Results.Row> b = find("pg-multi", s.label());
            md.append(cells(s.str("events_per_call"), s.str("concurrency"), n(s, "events_per_s"),
                    fmt(s.num("calls") / s.num("seconds")), n(s, "p50_ms"), n(s, "p99_ms"), n(s, "p999_ms"), s.str("errors"),
                    n(b, "events_per_s"), n(b, "p50_ms"), n(b, "p99_ms"), n(b, "p999_ms"),
                    ratio(s, b, "events_per_s"), ratio(s, b, "p99_ms")));
        }
        md.append('\n');
    }

    private void drain() {
        md.append("## 3. Relay drain: a stored PENDING backlog to PROCESSED (relay on)\n\n");
        md.append("Seconds: the relay's first committed batch to its last (`processed_at`); events/s over that span. ")
                .append("Each backlog twice: for a service just started on it (the JIT compiling the relay's code during the drain), ")
                .append("then for the same service, now warm, with the backlog seeded again in one transaction while it ran (as after a Kafka outage). ")
                .append("Baselines: Kafka's ProducerPerformance at full speed, same record size and producer settings; ")
                .append("PostgreSQL alone running the relay's lock-and-mark statements (500 per claim, one connection, inside the server: ")
                .append("`bench/claim-designs` d, the relay's state table) on a table of the same size. ")
                .append("Where the server runs without autovacuum, the bench vacuums and analyzes `event_state` as its autovacuum settings say (nap, thresholds, cost delay) ")
                .append("(the stand-in column; `server` = PostgreSQL's own autovacuum).\n\n");
        md.append("| backlog | service | seeded rows/s | drain seconds | events/s | all PROCESSED after service start (s) | failed | vacuum stand-in | ProducerPerformance events/s | ratio | PostgreSQL alone events/s | ratio |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Optional<Results.Row> b = find("kafka-perf", "max");
        for (Results.Row s : of("drain")) {
            Optional<Results.Row> seed = find("seed", s.label());
            Optional<Results.Row> pg = find("pg-claim", "N=" + s.str("events"));
            boolean warm = Boolean.parseBoolean(s.str("warm"));  // absent in rows from before: just started
            md.append(cells(s.str("events"), warm ? "warm (drained the backlog above)" : "just started", n(seed, "rows_per_s"), n(s, "seconds"), n(s, "events_per_s"),
                    n(s, "since_service_start_s"), s.str("failed"), s.str("autovacuum").replace('_', ' '), n(b, "events_per_s"),
                    ratio(s, b, "events_per_s"), n(pg, "events_per_s"), ratio(s, pg, "events_per_s")));
        }
        md.append('\n');
    }

    private void endToEnd() {
        md.append("## 4. End to end: fixed offered load, open loop (relay on)\n\n");
        md.append("Latency from each event's intended send time to a Kafka consumer receiving its record (matched by the `event_id` header). ")
                .append("Offered and delivered count the measured window (after the warm-up); errors are failed PublishEvent calls (whole run), ")
                .append("missing are acknowledged events not consumed by the end (drain-timeout, 60 s after the last send). ")
                .append("After the answer: from PublishEvent's answer to the consumer's receipt (0 when the record came first), the relay's share apart from the commit both wait for. ")
                .append("Baselines: ProducerPerformance at the same rate (send → broker acknowledgement), and Kafka alone from send to the same consumer ")
                .append("(`kafka-e2e`: the relay's producer settings without linger, open loop at the same rate).\n\n");
        md.append("| offered events/s | offered events | delivered | errors | missing | p50 | p99 | p99.9 | max | PublishEvent p50 | PublishEvent p99 | after the answer p50 | p99 | ProducerPerformance p50 | p99 | p99.9 | p50 ratio | p99 ratio | p99.9 ratio | Kafka alone to the consumer p50 | p99 | p99.9 |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row s : of("e2e")) {
            Optional<Results.Row> ack = find("e2e-ack", s.label());
            Optional<Results.Row> relay = find("e2e-after-answer", s.label());
            Optional<Results.Row> alone = find("kafka-e2e", s.label());
            Optional<Results.Row> b = find("kafka-perf", s.label());
            md.append(cells(s.str("rate"), fmt(s.num("rate") * s.num("seconds")), s.str("events"), s.str("errors"), s.str("missing"),
                    n(s, "p50_ms"), n(s, "p99_ms"), n(s, "p999_ms"), n(s, "max_ms"),
                    n(ack, "p50_ms"), n(ack, "p99_ms"), n(relay, "p50_ms"), n(relay, "p99_ms"), n(b, "p50_ms"), n(b, "p99_ms"), n(b, "p999_ms"),
                    ratio(s, b, "p50_ms"), ratio(s, b, "p99_ms"), ratio(s, b, "p999_ms"),
                    n(alone, "p50_ms"), n(alone, "p99_ms"), n(alone, "p999_ms")));
        }
        md.append('\n');
    }

    private void footprint() {
        md.append("## 5. Footprint of the service during scenario 4\n\n");
        md.append("`/proc/PID/status` VmRSS (at the end, highest sampled, VmHWM peak) and `/proc/PID/stat` utime+stime. ")
                .append("Broker and PostgreSQL (the backends serving the service's database) for comparison. ")
                .append("Baseline: CPU of the ProducerPerformance process per 100 000 records at the same rate.\n\n");
        md.append("| offered events/s | RSS MiB | RSS max MiB | VmHWM MiB | service CPU s / 100k events | cores busy | broker CPU s / 100k | PostgreSQL CPU s / 100k | ProducerPerformance CPU s / 100k | ratio |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row s : of("footprint")) {
            Optional<Results.Row> b = find("kafka-perf", s.label());
            md.append(cells(s.str("rate"), n(s, "rss_mib"), n(s, "rss_max_mib"), n(s, "rss_peak_mib"), n(s, "cpu_s_per_100k"),
                    n(s, "cpu_util"), n(s, "broker_cpu_s_per_100k"), n(s, "postgres_cpu_s_per_100k"),
                    n(b, "cpu_s_per_100k"), ratio(s, b, "cpu_s_per_100k")));
        }
        md.append('\n');
    }

    private void peer() {
        md.append("## 6. The peer: Debezium's embedded outbox relay, same PostgreSQL and broker\n\n");
        md.append("The harness of `peers/debezium-outbox` (Debezium 3.6.1 embedded engine, pgoutput, outbox EventRouter, at least once: ")
                .append("a batch is marked processed after Kafka acked all of it), run by bin/bench from a scratch copy on JDK 17. ")
                .append("Flush per batch calls `producer.flush()` per batch; its default waits on per-record futures (each batch waits out linger.ms). ")
                .append("Drain: one `INSERT … SELECT` of N rows, from its commit to the last Kafka ack. Latency: single-row autocommit INSERTs ")
                .append("at the rate, from the row's `created_at` (its transaction's start, database clock) to the Kafka ack; ours beside it: ")
                .append("from PublishEvent's answer to the consumer's receipt, and from the intended send to the consumer. ")
                .append("Its inserts wait for each other (one connection): on a busy machine it offers less than the rate (offered/s). RSS in MiB (`-Xmx1g`).\n\n");
        of("peer-skipped").forEach(r -> md.append("Not run: ").append(r.str("reason")).append(".\n\n"));
        md.append("| mode | backlog | Debezium events/s | INSERT … SELECT s | first ack after commit s | check | ours, just started | ratio | ours, warm | ratio | RSS end | RSS peak | run s |\n");
        md.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row run : of("peer-run")) {
            Optional<Results.Row> d = find("peer-drain", run.label());
            Optional<Results.Row> rss = find("peer-rss", run.label());
            Optional<Results.Row> cold = find("drain", "N=" + run.str("events"));
            Optional<Results.Row> warm = find("drain", "N=" + run.str("events") + " warm");
            double dbz = d.map(x -> x.num("events_per_s")).orElse(Double.NaN);
            md.append(cells(Peer.describe(run.label()), run.str("events"), n(d, "events_per_s"), n(d, "insert_s"), n(d, "first_ack_s"), d.map(x -> x.str("check")).orElse(""),
                    n(cold, "events_per_s"), ratio(cold.map(x -> x.num("events_per_s")).orElse(Double.NaN), dbz),
                    n(warm, "events_per_s"), ratio(warm.map(x -> x.num("events_per_s")).orElse(Double.NaN), dbz),
                    n(rss, "rss_mib"), n(rss, "rss_peak_mib"), n(run, "wall_s")));
        }
        md.append("\n| mode | events/s | offered/s | events | Debezium p50 | p99 | p99.9 | max | ours, answer → consumer p50 | p99 | p99.9 | p50 ratio | p99 ratio | p99.9 ratio | ours, send → consumer p50 | p99 | p99.9 |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row l : of("peer-latency")) {
            Optional<Results.Row> after = find("e2e-after-answer", "rate=" + l.str("rate"));
            Optional<Results.Row> e2e = find("e2e", "rate=" + l.str("rate"));
            md.append(cells(Peer.describe(l.label().split(" ")[0]), l.str("rate"), n(l, "offered_per_s"), l.str("events"), n(l, "p50_ms"), n(l, "p99_ms"), n(l, "p999_ms"), n(l, "max_ms"),
                    n(after, "p50_ms"), n(after, "p99_ms"), n(after, "p999_ms"),
                    after.map(a -> ratio(a, Optional.of(l), "p50_ms")).orElse("–"), after.map(a -> ratio(a, Optional.of(l), "p99_ms")).orElse("–"),
                    after.map(a -> ratio(a, Optional.of(l), "p999_ms")).orElse("–"), n(e2e, "p50_ms"), n(e2e, "p99_ms"), n(e2e, "p999_ms")));
        }
        md.append('\n');
    }

    private void everything() {
        md.append("## Every figure\n\n| kind | label | figures |\n|---|---|---|\n");
        for (Results.Row r : rows) {
            StringBuilder sb = new StringBuilder();
            r.values().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            md.append(cells(r.kind(), r.label(), sb.toString()));
        }
        md.append('\n');
    }

    // ---------------------------------------------------------------- helpers

    List<Results.Row> of(String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    Optional<Results.Row> find(String kind, String label) {
        Predicate<Results.Row> p = r -> r.kind().equals(kind) && r.label().equals(label);
        return rows.stream().filter(p).reduce((a, b) -> b);
    }

    private static String n(Results.Row r, String key) {
        return fmt(r.num(key));
    }

    private static String n(Optional<Results.Row> r, String key) {
        return r.map(x -> n(x, key)).orElse("–");
    }

    private static String ratio(Results.Row s, Optional<Results.Row> b, String key) {
        return b.isEmpty() ? "–" : ratio(s.num(key), b.get().num(key));
    }

    static String ratio(double x, double y) {
        return Double.isNaN(x) || Double.isNaN(y) || y == 0 ? "–" : String.format(Locale.ROOT, "%.2f×", x / y);
    }

    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v).replace(',', ' ');
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String cells(String... cells) {
        List<String> c = new ArrayList<>();
        for (String s : cells) {
            c.add(s == null || s.isEmpty() ? "–" : s.replace("|", "\\|"));
        }
        return "| " + String.join(" | ", c) + " |\n";
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0) + " GiB";
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "? GiB";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "?";
    }

    private static String postgresVersion(Opts o) {
        try (Connection c = Pg.connect(o, "postgres")) {
            return Pg.scalar(c, "SELECT 1") == 1 ? c.getMetaData().getDatabaseProductVersion()
                    + ", synchronous_commit=" + show(c, "synchronous_commit") + ", shared_buffers=" + show(c, "shared_buffers")
                    + ", max_connections=" + show(c, "max_connections") + ", autovacuum=" + show(c, "autovacuum") : "?";
        } catch (Exception e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static String show(Connection c, String setting) throws java.sql.SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
