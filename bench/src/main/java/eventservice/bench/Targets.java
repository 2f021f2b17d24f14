package eventservice.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report's "Targets" table: each figure that issue 29's targets name, its same-run baseline, the
 * ratio and whether the target is met. A figure this run did not measure says so.
 */
final class Targets {
    private final Report report;
    private final StringBuilder md;

    private Targets(Report report, StringBuilder md) {
        this.report = report;
        this.md = md;
    }

    static void render(Report report, StringBuilder md) {
        new Targets(report, md).render();
    }

    private void render() {
        md.append("## Targets\n\n");
        md.append("The figures of issue 29's and issue 32's targets from this run, each next to a baseline measured in the same run. ")
                .append("Ratio = measured / baseline. A latency or size target is met when the figure is at most the bound, a rate target when at least.\n\n");
        md.append("| target | measured | baseline | ratio | |\n|---|---:|---|---:|---|\n");
        drain();
        latency();
        cpuAndMemory();
        schema();
        md.append("\nNot in this table: the heap after a full GC over 10 minutes (`bin/bench --only=soak`, `soak.txt`); ")
                .append("first served request and image size (`bin/image-check`).\n\n");
        of("peer-skipped").stream().findFirst().ifPresent(r ->
                md.append("**The peer (Debezium) did not run:** ").append(r.str("reason")).append(".\n\n"));
    }

    private void drain() {
        Optional<Results.Row> cold = of("drain").stream().filter(r -> !Boolean.parseBoolean(r.str("warm"))).findFirst();
        String n = cold.map(r -> r.str("events")).orElse("1000000");
        String size = n.equals("1000000") ? "" : " (N = " + Report.fmt(Double.parseDouble(n)) + " at this size)";
        Optional<Results.Row> dbz = of("peer-drain").stream().max(Comparator.comparingDouble(r -> r.num("events_per_s")));
        Optional<Results.Row> pg = find("pg-claim", "N=" + n);
        String events = "events_per_s";
        row("Drain of 1 M, cold service (just started): ≥ 1.15× Debezium's better mode" + size, cold, events, " /s",
                dbz, events, dbz.map(r -> "Debezium, " + Peer.describe(r.label()) + ": ").orElse("Debezium: "), ">=", 1.15, true);
        row("Drain of 1 M, cold service (just started): ≥ 0.8× PostgreSQL alone" + size, cold, events, " /s",
                pg, events, "PostgreSQL alone with the relay's statements: ", ">=", 0.8, true);
    }

    private void latency() {
        int rate = rate(1000, false);
        String at = at(rate, 1000);
        Optional<Results.Row> ours = find("e2e-after-answer", "rate=" + rate);
        Optional<Results.Row> dbz = find("peer-latency", "flush rate=" + rate);
        double offered = dbz.map(r -> r.num("offered_per_s")).orElse(Double.NaN);
        String base = "Debezium flush per batch, commit → ack" + (offered < 0.9 * rate ? " (it offered only " + Report.fmt(offered) + "/s)" : "") + ": ";
        row("Relay latency" + at + ", PublishEvent's answer → consumer, p50 ≤ ½ Debezium's", ours, "p50_ms", " ms", dbz, "p50_ms", base, "<=", 0.5, true);
        row("… p99 ≤ Debezium's", ours, "p99_ms", " ms", dbz, "p99_ms", base, "<=", 1, true);
        row("… p99.9 ≤ Debezium's", ours, "p999_ms", " ms", dbz, "p999_ms", base, "<=", 1, true);
        row("PublishEvent's answer" + at + ", p99 ≤ 25 ms", find("e2e-ack", "rate=" + rate), "p99_ms", " ms",
                find("pg-single", "c=1"), "p99_ms", "pgbench, one INSERT per transaction, 1 client: ", "<=", 25, false);
    }

    private void cpuAndMemory() {
        int low = rate(1000, false);
        int high = rate(5000, true);
        String cpu = "cpu_s_per_100k";
        String perfBase = "ProducerPerformance at the same rate: ";
        row("Service CPU" + at(low, 1000) + " ≤ 25 CPU-s per 100 000 events", find("footprint", "rate=" + low), cpu, " CPU-s",
                find("kafka-perf", "rate=" + low), cpu, perfBase, "<=", 25, false);
        row("Service CPU" + at(high, 5000) + " ≤ 8 CPU-s per 100 000 events", find("footprint", "rate=" + high), cpu, " CPU-s",
                find("kafka-perf", "rate=" + high), cpu, perfBase, "<=", 8, false);
        for (int rate : low == high ? new int[] {low} : new int[] {low, high}) {
            Optional<Results.Row> f = find("footprint", "rate=" + rate);
            if (f.isPresent()) {
                Results.Row r = f.get();
                double pg = r.num("postgres_cpu_s_per_100k");
                double all = r.num(cpu) + pg + r.num("broker_cpu_s_per_100k");
                md.append(cells("PostgreSQL's CPU per 100 000 events at " + Report.fmt(rate) + "/s (reported)",
                        Report.fmt(pg) + " CPU-s (" + String.format(Locale.ROOT, "%.0f", 100 * pg / all) + " % of service + PostgreSQL + broker)",
                        "the service: " + Report.fmt(r.num(cpu)) + " CPU-s", Report.ratio(pg, r.num(cpu)), "reported"));
            }
        }
        Optional<Results.Row> dbzRss = find("peer-rss", "flush");
        String rssBase = "Debezium flush per batch, peak RSS over its run: ";
        row("RSS idle, default settings ≤ 128 MiB", find("idle", "service"), "rss_mib", " MiB",
                dbzRss, "rss_peak_mib", rssBase, "<=", 128, false);
        row("RSS" + at(high, 5000) + ", default settings ≤ 256 MiB (highest sampled)", find("footprint", "rate=" + high), "rss_max_mib", " MiB",
                dbzRss, "rss_peak_mib", rssBase, "<=", 256, false);
    }

    /** Issue 32: ingest with a realistic schema on ORDER_CREATED (IngestWithSchema), and what the check costs. */
    private void schema() {
        String events = "events_per_s";
        row("Unary ingest at 64 clients with the schema ≥ 1.0× pgbench (issue 32)", find("unary-schema", "c=64"), events, " /s",
                find("pg-single", "c=64"), events, "pgbench, one INSERT per transaction, 64 clients: ", ">=", 1.0, true);
        boolean after = !of("batch-warm").isEmpty();
        for (String size : new String[] {"100", "1000"}) {
            row("Batch ingest of " + size + " with the schema ≥ 0.9× without (issue 32)", find("batch-schema", "batch=" + size), events, " /s",
                    IngestWithSchema.without(report, "batch", "batch=" + size), events,
                    after ? "the same service without it, after: " : "the same service without it, before: ", ">=", 0.9, true);
        }
        StringBuilder with = new StringBuilder();
        StringBuilder without = new StringBuilder();
        boolean any = false;
        for (String[] run : new String[][] {{"unary", "c=64", "unary at 64"}, {"batch", "batch=100", "batches of 100"},
                {"batch", "batch=1000", "of 1 000"}}) {
            Optional<Results.Row> w = IngestWithSchema.without(report, run[0], run[1]);
            Optional<Results.Row> s = find(run[0] + "-schema", run[1]);
            double v = IngestWithSchema.validationMicros(w, s);
            any |= !Double.isNaN(v);
            with.append(with.isEmpty() ? "" : "; ").append(run[2]).append(' ').append(Report.fmt(v)).append(" µs");
            without.append(without.isEmpty() ? "" : " / ")
                    .append(Report.fmt(w.map(r -> r.num(IngestWithSchema.CPU)).orElse(Double.NaN)));
        }
        md.append(cells("Validation's CPU per event: the service's CPU per event with the schema minus without (issue 32, reported)",
                any ? with.toString() : "not measured", "the service's CPU per event without it: " + without + " µs", "–", "reported"));
    }

    /**
     * One target: {@code bound} applies to the ratio when {@code relative}, else to the figure itself;
     * {@code ">="} or {@code "<="}.
     */
    private void row(String what, Optional<Results.Row> measured, String key, String unit, Optional<Results.Row> baseline,
                     String baseKey, String baseName, String op, double bound, boolean relative) {
        double m = measured.map(r -> r.num(key)).orElse(Double.NaN);
        double b = baseline.map(r -> r.num(baseKey)).orElse(Double.NaN);
        double judged = relative ? m / b : m;
        String met = Double.isNaN(judged) || Double.isInfinite(judged) ? "no figure"
                : (op.equals(">=") ? judged >= bound : judged <= bound) ? "met" : "**not met**";
        md.append(cells(what, Double.isNaN(m) ? "not measured" : Report.fmt(m) + unit,
                Double.isNaN(b) ? baseName + "not measured" : baseName + Report.fmt(b) + unit, Report.ratio(m, b), met));
    }

    /**
     * The e2e rate a target at {@code wanted}/s reads: that one when measured, else (a smaller size) the
     * lowest rate measured, or for {@code higher} the highest one above it.
     */
    private int rate(int wanted, boolean higher) {
        List<Integer> rates = of("e2e").stream().map(r -> (int) r.num("rate")).sorted().toList();
        if (rates.contains(wanted) || rates.isEmpty()) {
            return wanted;
        }
        if (higher) {
            return rates.size() > 1 ? rates.getLast() : wanted;
        }
        return rates.getFirst();
    }

    private static String at(int rate, int wanted) {
        return " at " + Report.fmt(rate) + "/s" + (rate == wanted ? "" : " (this size; the target is at " + Report.fmt(wanted) + "/s)");
    }

    private List<Results.Row> of(String kind) {
        return report.of(kind);
    }

    private Optional<Results.Row> find(String kind, String label) {
        return report.find(kind, label);
    }

    private static String cells(String... cells) {
        return Report.cells(cells);
    }
}
