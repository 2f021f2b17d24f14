package eventservice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Targets table: each target's figure, its same-run baseline, the ratio and the verdict. */
class TargetsTest {
    private final List<Results.Row> rows = new ArrayList<>();

    private void row(String kind, String label, Object... kv) {
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            v.put((String) kv[i], Results.format(kv[i + 1]));
        }
        rows.add(new Results.Row(kind, label, v));
    }

    private String table() {
        StringBuilder md = new StringBuilder();
        Targets.render(new Report(rows), md);
        return md.toString();
    }

    private static String line(String md, String startsWith) {
        return md.lines().filter(l -> l.startsWith("| " + startsWith)).findFirst().orElseThrow(() -> new AssertionError("no row " + startsWith + " in\n" + md));
    }

    @Test
    void theDrainIsJudgedAgainstDebeziumsBetterModeAndPostgresAlone() {
        row("drain", "N=1000000", "events", 1000000, "events_per_s", 40000.0, "warm", false);
        row("drain", "N=1000000 warm", "events", 1000000, "events_per_s", 90000.0, "warm", true);
        row("peer-drain", "default", "events_per_s", 31921.0);
        row("peer-drain", "flush", "events_per_s", 34610.0);
        row("pg-claim", "N=1000000", "events_per_s", 51102.0);
        String md = table();
        String dbz = line(md, "Drain of 1 M, cold service (just started): ≥ 1.15× Debezium");
        assertTrue(dbz.contains("| 40 000 /s | Debezium, flush per batch: 34 610 /s | 1.16× | met |"), dbz);
        String pg = line(md, "Drain of 1 M, cold service (just started): ≥ 0.8× PostgreSQL");
        assertTrue(pg.contains("| 0.78× | **not met** |"), pg);
    }

    @Test
    void latencyTargetsCompareTheAnswerToConsumerWithDebeziumFlushPerBatch() {
        row("e2e", "rate=1000", "rate", 1000);
        row("e2e", "rate=5000", "rate", 5000);
        row("e2e-after-answer", "rate=1000", "p50_ms", 3.1, "p99_ms", 38.7, "p999_ms", 50.0);
        row("e2e-ack", "rate=1000", "p99_ms", 46.8);
        row("peer-latency", "flush rate=1000", "p50_ms", 10.3, "p99_ms", 32.9, "p999_ms", 55.0, "offered_per_s", 1000.0);
        row("peer-latency", "default rate=1000", "p50_ms", 1.0, "p99_ms", 1.0, "p999_ms", 1.0);
        String md = table();
        assertTrue(line(md, "Relay latency at 1 000/s").contains("| 3.10 ms | Debezium flush per batch, commit → ack: 10.3 ms | 0.30× | met |"), md);
        assertTrue(line(md, "… p99 ≤").contains("| 1.18× | **not met** |"), md);
        assertTrue(line(md, "… p99.9 ≤").contains("| 0.91× | met |"), md);
        assertTrue(line(md, "PublishEvent's answer at 1 000/s").contains("| 46.8 ms | pgbench, one INSERT per transaction, 1 client: not measured | – | **not met** |"), md);
    }

    @Test
    void aPeerThatOfferedLessThanTheRateIsNamedInTheBaseline() {
        row("e2e", "rate=1000", "rate", 1000);
        row("e2e-after-answer", "rate=1000", "p50_ms", 3.1);
        row("peer-latency", "flush rate=1000", "p50_ms", 10.3, "offered_per_s", 612.0);
        assertTrue(line(table(), "Relay latency at 1 000/s").contains("| Debezium flush per batch, commit → ack (it offered only 612/s): 10.3 ms |"));
    }

    @Test
    void absoluteTargetsAndTheSizesASmallRunDidNotMeasure() {
        row("e2e", "rate=500", "rate", 500);
        row("footprint", "rate=500", "cpu_s_per_100k", 20.0, "postgres_cpu_s_per_100k", 30.0, "broker_cpu_s_per_100k", 10.0, "rss_max_mib", 300.0);
        row("kafka-perf", "rate=500", "cpu_s_per_100k", 5.0);
        row("idle", "service", "rss_mib", 120.0);
        row("peer-rss", "flush", "rss_peak_mib", 600.0);
        row("peer-skipped", "flush", "reason", "no JDK 17");
        String md = table();
        assertTrue(line(md, "Service CPU at 500/s (this size; the target is at 1 000/s)").contains("| 20.0 CPU-s | ProducerPerformance at the same rate: 5.00 CPU-s | 4.00× | met |"), md);
        assertTrue(line(md, "Service CPU at 5 000/s").contains("| not measured |"), md);
        assertTrue(line(md, "PostgreSQL's CPU per 100 000 events at 500/s").contains("30.0 CPU-s (50 % of service + PostgreSQL + broker)"), md);
        assertTrue(line(md, "RSS idle").contains("| 120 MiB | Debezium flush per batch, peak RSS over its run: 600 MiB | 0.20× | met |"), md);
        assertTrue(line(md, "Drain of 1 M").contains("| not measured |"), md);
        assertTrue(md.contains("**The peer (Debezium) did not run:** no JDK 17."), md);
    }

    @Test
    void ingestWithTheSchemaIsJudgedAgainstPgbenchAndTheSameRunWithoutIt() {
        row("unary", "c=64", "events_per_s", 4000.0, "service_cpu_us_per_event", 150.0);
        row("pg-single", "c=64", "events_per_s", 3500.0);
        row("batch", "batch=100", "events_per_s", 12000.0, "service_cpu_us_per_event", 40.0);
        row("batch", "batch=1000", "events_per_s", 20000.0, "service_cpu_us_per_event", 30.0);
        row("unary-schema", "c=64", "events_per_s", 3600.0, "service_cpu_us_per_event", 156.0);
        row("batch-schema", "batch=100", "events_per_s", 11000.0, "service_cpu_us_per_event", 44.0);
        row("batch-schema", "batch=1000", "events_per_s", 17000.0, "service_cpu_us_per_event", 34.0);
        String md = table();
        assertTrue(line(md, "Unary ingest at 64 clients with the schema ≥ 1.0× pgbench").contains("| 3 600 /s | pgbench, one INSERT per transaction, 64 clients: 3 500 /s | 1.03× | met |"), md);
        assertTrue(line(md, "Batch ingest of 100 with the schema").contains("| 11 000 /s | the same service without it, before: 12 000 /s | 0.92× | met |"), md);
        assertTrue(line(md, "Batch ingest of 1000 with the schema").contains("| 0.85× | **not met** |"), md);
        assertTrue(line(md, "Validation's CPU per event").contains("| unary at 64 6.00 µs; batches of 100 4.00 µs; of 1 000 4.00 µs | the service's CPU per event without it: 150 / 40.0 / 30.0 µs | – | reported |"), md);
    }

    @Test
    void ingestWithTheSchemaNotRunSaysSo() {
        row("unary", "c=64", "events_per_s", 4000.0);
        String md = table();
        assertTrue(line(md, "Unary ingest at 64 clients with the schema").contains("| not measured |"), md);
        assertTrue(line(md, "Validation's CPU per event").contains("| not measured |"), md);
    }

    @Test
    void withARunWithoutTheSchemaAfterItTheSchemaIsJudgedAgainstThatOne() {
        row("batch", "batch=100", "events_per_s", 5000.0, "service_cpu_us_per_event", 90.0);
        row("unary", "c=64", "events_per_s", 300.0, "service_cpu_us_per_event", 1100.0);
        row("batch-schema", "batch=100", "events_per_s", 11000.0, "service_cpu_us_per_event", 44.0);
        row("unary-schema", "c=64", "events_per_s", 1800.0, "service_cpu_us_per_event", 190.0);
        row("batch-warm", "batch=100", "events_per_s", 12000.0, "service_cpu_us_per_event", 40.0);
        row("unary-warm", "c=64", "events_per_s", 1900.0, "service_cpu_us_per_event", 180.0);
        String md = table();
        assertTrue(line(md, "Batch ingest of 100 with the schema").contains("| 11 000 /s | the same service without it, after: 12 000 /s | 0.92× | met |"), md);
        assertTrue(line(md, "Validation's CPU per event").contains("| unary at 64 10.0 µs; batches of 100 4.00 µs; of 1 000 – µs | the service's CPU per event without it: 180 / 40.0 / – µs |"), md);
    }
}
