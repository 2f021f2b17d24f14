package eventservice.bench;

import java.util.Optional;

/**
 * The report's section on scenarios 1 and 2 run again once ORDER_CREATED has a realistic schema
 * (issue 32): each figure beside the same run's without it, and the service's CPU per event in both,
 * whose difference is what the check at the door costs.
 */
final class IngestWithSchema {
    static final String SCHEMA_FILE = "bench/schemas/order-created.json";

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

    /** Service CPU per event with the schema minus without, in µs; NaN when either is missing. */
    static double validationMicros(Optional<Results.Row> without, Optional<Results.Row> with) {
        String key = "service_cpu_us_per_event";
        return with.map(r -> r.num(key)).orElse(Double.NaN) - without.map(r -> r.num(key)).orElse(Double.NaN);
    }

    private void render() {
        md.append("## 1 and 2 with a schema: ORDER_CREATED checked at the door (issue 32, relay off)\n\n");
        md.append("After the runs of 1 and 2, the same service gets `").append(SCHEMA_FILE)
                .append("` as ORDER_CREATED's schema (`PUT /api/v1/event-types/ORDER_CREATED`, compatibility NONE: ")
                .append("10 properties, 3 required, enums, a `date-time` format every payload carries, bounds, no other properties), ")
                .append("its tables are truncated, and the same runs are made again with the same payloads, each now validated. ")
                .append("Service CPU: utime + stime of the service's process over each measuring window, per event acknowledged in it; ")
                .append("the difference is validation's CPU per event (the second runs also find the JVM warmer, so it is if anything an underestimate).\n\n");
        md.append("| concurrency | events/s without | with | ratio | pgbench events/s | with / pgbench | p99 without | p99 with | errors with | service CPU µs/event without | with | validation µs/event |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row s : report.of("unary-schema")) {
            Optional<Results.Row> w = report.find("unary", s.label());
            Optional<Results.Row> pg = report.find("pg-single", s.label());
            Optional<Results.Row> with = Optional.of(s);
            md.append(Report.cells(s.str("concurrency"), n(w, "events_per_s"), n(with, "events_per_s"), ratio(with, w, "events_per_s"),
                    n(pg, "events_per_s"), ratio(with, pg, "events_per_s"), n(w, "p99_ms"), n(with, "p99_ms"), s.str("errors"),
                    n(w, "service_cpu_us_per_event"), n(with, "service_cpu_us_per_event"), Report.fmt(validationMicros(w, with))));
        }
        md.append("\n| events per call | concurrency | events/s without | with | ratio | p99 without | p99 with | errors with | service CPU µs/event without | with | validation µs/event |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Row s : report.of("batch-schema")) {
            Optional<Results.Row> w = report.find("batch", s.label());
            Optional<Results.Row> with = Optional.of(s);
            md.append(Report.cells(s.str("events_per_call"), s.str("concurrency"), n(w, "events_per_s"), n(with, "events_per_s"),
                    ratio(with, w, "events_per_s"), n(w, "p99_ms"), n(with, "p99_ms"), s.str("errors"),
                    n(w, "service_cpu_us_per_event"), n(with, "service_cpu_us_per_event"), Report.fmt(validationMicros(w, with))));
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
