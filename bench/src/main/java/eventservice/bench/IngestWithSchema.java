package eventservice.bench;

import java.util.Optional;

/**
 * The report's section on scenarios 1 and 2 run again once ORDER_CREATED has a realistic schema
 * (issue 32), and once more without it: each figure beside the run without it that the same service
 * made after it (warm alike; the first runs, scenarios 1 and 2, where there is none), and the service's
 * CPU per event in both, whose difference is what the check at the door costs.
 */
final class IngestWithSchema {
    static final String SCHEMA_FILE = "bench/schemas/order-created.json";
    static final String CPU = "service_cpu_us_per_event";

    private final Report report;
    private final StringBuilder md;

    private IngestWithSchema(Report report, StringBuilder md) {
        this.report = report;
        this.md = md;
    }

    static void render(Report report, StringBuilder md) {
        if (!report.of("unary-schema").isEmpty() || !report.of("batch-schema").isEmpty()) {
            new IngestWithSchema(report, md).render();
        }
    }

    /**
     * What a run with the schema ({@code kind} unary or batch, {@code label} its point) is judged against:
     * the same point without it, run after it ({@code kind-warm}), or else the first run (scenarios 1 and 2).
     */
    static Optional<Results.Row> without(Report report, String kind, String label) {
        Optional<Results.Row> warm = report.find(kind + "-warm", label);
        return warm.isPresent() ? warm : report.find(kind, label);
    }

    /** Service CPU per event with the schema minus without, in µs; NaN when either is missing. */
    static double validationMicros(Optional<Results.Row> without, Optional<Results.Row> with) {
        return with.map(r -> r.num(CPU)).orElse(Double.NaN) - without.map(r -> r.num(CPU)).orElse(Double.NaN);
    }

    private void render() {
        md.append("## 1 and 2 with a schema: ORDER_CREATED checked at the door (issue 32, relay off)\n\n");
        md.append("After the runs of 1 and 2, the same service gets `").append(SCHEMA_FILE)
                .append("` as ORDER_CREATED's schema (`PUT /api/v1/event-types/ORDER_CREATED`, compatibility NONE: ")
                .append("10 properties, 3 required, enums, a `date-time` format every payload carries, bounds, no other properties), ")
                .append("its tables are truncated, and the same runs are made with the same payloads, each now validated (\"with\"). ")
                .append("Then (above smoke size) ORDER_CREATED goes back to `{\"type\":\"object\"}`, which the service does not validate against, ")
                .append("the tables are truncated again and the runs made once more (\"without, after\"): the runs with the schema are judged against these, ")
                .append("the JVM being as warm for both; the first runs (1 and 2, \"without, first\") are shown beside, and are the comparison where there is no later run. ")
                .append("Service CPU: utime + stime of the service's process over each measuring window, per event acknowledged in it; ")
                .append("validation's CPU per event is the difference with − without.\n\n");
        md.append("| concurrency | events/s without, first | without, after | with | ratio | pgbench events/s | with / pgbench | p99 without | p99 with | errors with | service CPU µs/event without | with | validation µs/event |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row s : report.of("unary-schema")) {
            Optional<Results.Row> with = Optional.of(s);
            Optional<Results.Row> w = without(report, "unary", s.label());
            Optional<Results.Row> pg = report.find("pg-single", s.label());
            md.append(Report.cells(s.str("concurrency"), n(report.find("unary", s.label()), "events_per_s"),
                    n(report.find("unary-warm", s.label()), "events_per_s"), n(with, "events_per_s"), ratio(with, w, "events_per_s"),
                    n(pg, "events_per_s"), ratio(with, pg, "events_per_s"), n(w, "p99_ms"), n(with, "p99_ms"), s.str("errors"),
                    n(w, CPU), n(with, CPU), Report.fmt(validationMicros(w, with))));
        }
        md.append("\n| events per call | concurrency | events/s without, first | without, after | with | ratio | p99 without | p99 with | errors with | service CPU µs/event without | with | validation µs/event |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row s : report.of("batch-schema")) {
            Optional<Results.Row> with = Optional.of(s);
            Optional<Results.Row> w = without(report, "batch", s.label());
            md.append(Report.cells(s.str("events_per_call"), s.str("concurrency"), n(report.find("batch", s.label()), "events_per_s"),
                    n(report.find("batch-warm", s.label()), "events_per_s"), n(with, "events_per_s"),
                    ratio(with, w, "events_per_s"), n(w, "p99_ms"), n(with, "p99_ms"), s.str("errors"),
                    n(w, CPU), n(with, CPU), Report.fmt(validationMicros(w, with))));
        }
        md.append('\n');
    }

    private static String n(Optional<Results.Row> r, String key) {
        return r.map(x -> Report.fmt(x.num(key))).orElse("–");
    }

    private static String ratio(Optional<Results.Row> a, Optional<Results.Row> b, String key) {
        return a.isEmpty() || b.isEmpty() ? "–" : Report.ratio(a.get().num(key), b.get().num(key));
    }
}
