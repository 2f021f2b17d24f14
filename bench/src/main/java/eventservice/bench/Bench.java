package eventservice.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The load generator's steps; bin/bench runs them in order around the service it starts and stops.
 * Usage: {@code Bench <step> [--key=value ...]}, step one of ingest, pgbench, pg-claim, seed, drain, e2e,
 * idle, kafka-perf, kafka-e2e, peer, delete-topics, report. Each appends its figures to {@code --results} (a TSV file).
 * Exit status: 0 all good, 1 a scenario failed (errors, lost events, a backlog not drained), 2 a crash.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        if (args.length == 0) {
            System.err.println("usage: Bench ingest|pgbench|pg-claim|seed|drain|e2e|idle|kafka-perf|kafka-e2e|peer|delete-topics|report [--key=value ...]");
            System.exit(2);
        }
        Opts o = new Opts(args, 1);
        Path results = Path.of(o.str("results", "target/bench/results.tsv"));
        boolean ok;
        try {
            ok = switch (args[0]) {
                case "ingest" -> Ingest.run(o, results);
                case "pgbench" -> Baselines.pgbench(o, results);
                case "pg-claim" -> Baselines.pgClaim(o, results);
                case "seed" -> Drain.seed(o, results);
                case "drain" -> Drain.drain(o, results);
                case "e2e" -> EndToEnd.run(o, results);
                case "kafka-perf" -> Baselines.producerPerf(o, results);
                case "kafka-e2e" -> KafkaRoundTrip.run(o, results);
                case "peer" -> Peer.run(o, results);
                case "idle" -> Idle.run(o, results);
                case "delete-topics" -> Topics.delete(o);
                case "report" -> Report.write(o, results);
                default -> throw new IllegalArgumentException("unknown step " + args[0]);
            };
        } catch (Exception e) {
            System.err.println("bench " + args[0] + " failed: " + e);
            e.printStackTrace();
            System.exit(2);
            return;
        }
        System.exit(ok ? 0 : 1);
    }
}
