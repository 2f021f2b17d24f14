package eventservice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

/**
 * The baselines, on the same PostgreSQL and broker: pgbench inserting the same rows into a table
 * built by the service's own migration (one row per transaction, and multi-row INSERTs), and
 * Kafka's own ProducerPerformance with the same 300-byte records and the relay's producer settings.
 */
final class Baselines {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: ([0-9]+)");
    private static final Pattern PERF = Pattern.compile(
            "([0-9]+) records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, "
                    + "([0-9.]+) ms max latency, ([0-9]+) ms 50th, ([0-9]+) ms 95th, ([0-9]+) ms 99th, ([0-9]+) ms 99.9th");

    private Baselines() {
    }

    // ---------------------------------------------------------------- PostgreSQL alone, the relay's statements

    /**
     * The drain's database limit: design d of {@code bench/claim-designs} (the relay's lock-and-mark
     * statements on its state table, 500 per claim, one connection, run inside PostgreSQL) on a
     * table of the same size.
     */
    static boolean pgClaim(Opts o, Path results) throws Exception {
        String db = o.str("db", "event_bench_claim");
        Path designs = Path.of(o.str("claim-designs", "bench/claim-designs"));
        Path out = Path.of(o.str("out", "target/bench"));
        long events = o.lng("events", 200_000);
        try (Connection c = Pg.connect(o, "postgres")) {
            Pg.exec(c, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            Pg.exec(c, "CREATE DATABASE " + db);
        }
        try {
            psql(o, db, designs.resolve("setup.sql"), events, out.resolve("pg-claim-setup.out"));
            long t0 = System.nanoTime();
            psql(o, db, designs.resolve("d.sql"), events, out.resolve("pg-claim.out"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long left;
            try (Connection c = Pg.connect(o, db)) {
                left = Pg.scalar(c, "SELECT count(*) FROM event_state WHERE status <> 'PROCESSED'");
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("events", events);
            v.put("seconds", seconds);
            v.put("events_per_s", events / seconds);
            v.put("left", left);
            Results.append(results, "pg-claim", "N=" + events, v);
            return left == 0;
        } finally {
            try (Connection c = Pg.connect(o, "postgres")) {
                Pg.exec(c, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static void psql(Opts o, String db, Path script, long rows, Path log) throws Exception {
        runProcess(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "rows=" + rows,
                "-h", o.str("db-host", "127.0.0.1"), "-p", o.str("db-port", "5432"), "-U", o.str("db-user", "postgres"),
                "-d", db, "-f", script.toAbsolutePath().toString()), log);
    }

    // ---------------------------------------------------------------- pgbench

    static boolean pgbench(Opts o, Path results) throws Exception {
        String db = o.str("db", "event_bench_pg");
        Path out = Path.of(o.str("out", "target/bench"));
        Path migration = Path.of(o.str("migration", "src/main/resources/db/migration/V1__events.sql"));
        int maxClients = o.integer("max-clients", 64);
        int seconds = o.integer("seconds", 20);
        int aggregates = o.integer("aggregates", 100_000);
        try (Connection c = Pg.connect(o, "postgres")) {
            Pg.exec(c, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            Pg.exec(c, "CREATE DATABASE " + db);
        }
        try (Connection c = Pg.connect(o, db)) {
            Pg.exec(c, Files.readString(migration));  // the service's own table and indexes
        }
        boolean ok = true;
        Path single = out.resolve("pgbench-single.sql");
        Files.writeString(single, insert(1, aggregates));
        Map<Integer, Map<String, Object>> byClients = new LinkedHashMap<>();
        for (int c : o.ints("concurrency", "1,16,64,256")) {
            int clients = Math.min(c, maxClients);
            Map<String, Object> same = byClients.get(clients);
            if (same != null) {
                // capped to the same client count as an earlier run: that run is the baseline
                Map<String, Object> v = new LinkedHashMap<>(same);
                v.put("note", "same_run_as_c=" + clients);
                Results.append(results, "pg-single", "c=" + c, v);
                continue;
            }
            Map<String, Object> v = pgbenchRun(o, results, db, "pg-single", "c=" + c, single, clients, 1, seconds, out);
            ok &= v != null;
            if (v != null) {
                byClients.put(clients, v);
            }
        }
        int batchConcurrency = o.integer("batch-concurrency", 4);
        for (int rows : o.ints("batch-sizes", "100,1000")) {
            Path script = out.resolve("pgbench-multi-" + rows + ".sql");
            Files.writeString(script, insert(rows, aggregates));
            ok &= pgbenchRun(o, results, db, "pg-multi", "batch=" + rows, script, batchConcurrency, rows, seconds, out) != null;
        }
        try (Connection c = Pg.connect(o, "postgres")) {
            Pg.exec(c, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
        return ok;
    }

    /** One INSERT of {@code rows} rows like the service's: UUIDv7-like ids, random aggregates, 300-byte JSON. */
    static String insert(int rows, int aggregates) {
        StringBuilder sb = new StringBuilder("INSERT INTO events (id, type, aggregate_id, payload) VALUES\n");
        for (int i = 0; i < rows; i++) {
            // time-ordered ids, as the service's UUIDv7: 48 bits of milliseconds, then random
            sb.append(i == 0 ? "" : ",\n").append("((lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')")
                    .append(" || substr(md5(random()::text), 1, 20))::uuid, '").append(Data.TYPE).append("', 'agg-' || floor(random() * ")
                    .append(aggregates).append(")::int, '").append(Data.payload(i)).append("')");
        }
        return sb.append(";\n").toString();
    }

    /** One pgbench run; its figures, or null when it failed. */
    private static Map<String, Object> pgbenchRun(Opts o, Path results, String db, String kind, String label, Path script,
                                      int clients, int rowsPerTx, int seconds, Path out) throws Exception {
        // --events=N: about N rows in all (pgbench -t, per client) instead of a duration (the smoke size: quicker than -T 1)
        int events = o.integer("events", 0);
        int transactions = events > 0 ? Math.max(2, events / rowsPerTx / clients) : 0;
        try (Connection c = Pg.connect(o, db)) {
            Pg.exec(c, "TRUNCATE events");
            Pg.exec(c, "CHECKPOINT");
        }
        String prefix = "pgbench-log-" + kind + "-" + label.replace('=', '-');
        Path logs = Files.createDirectories(out.resolve("pgbench-logs"));
        deleteLogs(logs, prefix);
        List<String> cmd = List.of("pgbench", "-n", "-h", o.str("db-host", "127.0.0.1"), "-p", o.str("db-port", "5432"),
                "-U", o.str("db-user", "postgres"), "-f", script.toAbsolutePath().toString(), "-c", Integer.toString(clients),
                "-j", Integer.toString(Math.min(2, clients)), transactions > 0 ? "-t" : "-T",
                Integer.toString(transactions > 0 ? transactions : seconds), "-l",
                "--log-prefix=" + logs.resolve(prefix).toAbsolutePath(), db);
        System.out.printf("%s %s: pgbench -c %d -j %d %s, %d row(s) per transaction%n", kind, label, clients,
                Math.min(2, clients), transactions > 0 ? "-t " + transactions : "-T " + seconds, rowsPerTx);
        String text = runProcess(cmd, out.resolve(prefix + ".out"));
        Matcher m = TPS.matcher(text);
        if (!m.find()) {
            System.err.println("pgbench printed no tps:\n" + text);
            return null;
        }
        double tps = Double.parseDouble(m.group(1));
        Matcher f = FAILED.matcher(text);
        long failed = f.find() ? Long.parseLong(f.group(1)) : 0;
        Histogram h = Lat.plain();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logs, prefix + ".*")) {
            for (Path file : files) {
                // client_id transaction_no time(µs) script_no time_epoch time_us
                try (BufferedReader r = Files.newBufferedReader(file)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        String[] parts = line.split(" ");
                        if (parts.length > 2) {
                            Lat.record(h, Long.parseLong(parts[2]));
                        }
                    }
                }
            }
        }
        deleteLogs(logs, prefix);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("concurrency", clients);
        v.put("rows_per_tx", rowsPerTx);
        v.put("transactions", h.getTotalCount());
        v.put("seconds", transactions > 0 ? Double.NaN : seconds);
        v.put("tps", tps);
        v.put("events_per_s", tps * rowsPerTx);
        v.putAll(Lat.summary(h));
        v.put("errors", failed);
        Results.append(results, kind, label, v);
        return failed == 0 && tps > 0 ? v : null;
    }

    private static void deleteLogs(Path dir, String prefix) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + ".*")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    // ---------------------------------------------------------------- Kafka ProducerPerformance

    static boolean producerPerf(Opts o, Path results) throws Exception {
        Path out = Path.of(o.str("out", "target/bench"));
        String classpath = Files.readString(Path.of(o.str("kafka-tools-classpath", "bench/target/kafka-tools.classpath"))).strip();
        String brokers = o.str("brokers", "127.0.0.1:9092");
        String topic = o.str("topic", "bench-perf");
        int aggregates = o.integer("aggregates", 100_000);
        boolean ok = true;
        // full speed: the producer's ceiling, the drain's baseline
        ok &= perfRun(o, results, out, classpath, brokers, topic, aggregates, "max", o.lng("records", 1_000_000), -1, 0);
        // the end-to-end rates: latency at the same offered load
        double warmup = o.dbl("warmup", 5);
        double seconds = o.dbl("seconds", 60);
        for (int rate : o.ints("rates", "1000,5000")) {
            ok &= perfRun(o, results, out, classpath, brokers, topic, aggregates, "rate=" + rate,
                    (long) (rate * (warmup + seconds)), rate, (long) (rate * warmup));
        }
        return ok;
    }

    private static boolean perfRun(Opts o, Path results, Path out, String classpath, String brokers, String topic,
                                   int aggregates, String label, long records, int throughput, long warmupRecords)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath,
                "org.apache.kafka.tools.ProducerPerformance", "--bootstrap-server", brokers, "--topic", topic,
                "--num-records", Long.toString(records), "--record-size", Integer.toString(Data.PAYLOAD_BYTES),
                "--throughput", Integer.toString(throughput),
                "--key-distribution", "random", "--record-key-range", Integer.toString(aggregates),
                "--command-property", "acks=all", "enable.idempotence=true",
                // the relay's other producer settings (application.yaml kafka.producer)
                "linger.ms=10", "compression.type=lz4", "max.in.flight.requests.per.connection=5"));
        if (warmupRecords > 0) {
            cmd.add(cmd.indexOf("--command-property"), "--warmup-records");
            cmd.add(cmd.indexOf("--command-property"), Long.toString(warmupRecords));
        }
        System.out.printf("kafka-perf %s: ProducerPerformance, %d records of %d bytes, throughput %d%n",
                label, records, Data.PAYLOAD_BYTES, throughput);
        double cpu0 = Proc.selfChildrenCpuSeconds();
        String text = runProcess(cmd, out.resolve("kafka-perf-" + label.replace('=', '-') + ".out"));
        double cpu = Proc.selfChildrenCpuSeconds() - cpu0;
        // the last summary line: with warm-up records, the steady state
        Matcher m = PERF.matcher(text);
        String[] g = null;
        while (m.find()) {
            g = new String[m.groupCount() + 1];
            for (int i = 0; i <= m.groupCount(); i++) {
                g[i] = m.group(i);
            }
        }
        if (g == null) {
            System.err.println("ProducerPerformance printed no summary:\n" + text);
            return false;
        }
        long sent = Long.parseLong(g[1]);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("rate", throughput);
        v.put("events", sent);
        v.put("events_per_s", Double.parseDouble(g[2]));
        v.put("p50_ms", Double.parseDouble(g[6]));
        v.put("p99_ms", Double.parseDouble(g[8]));
        v.put("p999_ms", Double.parseDouble(g[9]));
        v.put("max_ms", Double.parseDouble(g[5]));
        v.put("mean_ms", Double.parseDouble(g[4]));
        // the whole client process (start-up included) per 100 000 records it sent
        v.put("cpu_s_per_100k", cpu * 100_000.0 / records);
        Results.append(results, "kafka-perf", label, v);
        return sent > 0;
    }

    /** Runs a command to completion, its output to {@code log} and returned; a non-zero exit is an error. */
    static String runProcess(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder text = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                text.append(line).append('\n');
            }
        }
        int rc = p.waitFor();
        Files.writeString(log, text);
        if (rc != 0) {
            throw new IOException(cmd.get(0) + " exited " + rc + "; see " + log + ":\n" + text);
        }
        return text.toString();
    }
}
