package eventservice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peer baseline: Debezium's embedded outbox relay (the harness of the steering repository's
 * {@code peers/debezium-outbox}, copied by bin/bench to a scratch folder) run on the same PostgreSQL and
 * broker through its own {@code run.sh}, its printed figures appended to the results.
 */
final class Peer {
    private static final Pattern DRAIN = Pattern.compile("^debezium-outbox drain: (\\d+) events in ([0-9.]+) s = (\\d+) events/s"
            + ".*INSERT\\.\\.SELECT itself took ([0-9.]+) s, first ack ([0-9.]+) s after commit");
    private static final Pattern CHECK = Pattern.compile(
            "^debezium-outbox drain check: producer acks (\\d+), topic \\S+ end offsets grew by (-?\\d+) \\(expected (\\d+)\\) (OK|MISMATCH)");
    private static final Pattern LATENCY = Pattern.compile("^debezium-outbox latency@(\\d+)/s: p50 ([0-9.]+) ms p99 ([0-9.]+) ms"
            + " p999 ([0-9.]+) ms max ([0-9.]+) ms \\((\\d+) events over ([0-9.]+) s = (\\d+)/s offered, (\\d+) acked");
    private static final Pattern RSS = Pattern.compile("^debezium-outbox rss: (\\d+) MB at end \\(peak (\\d+) MB\\), max heap (\\d+) MB");
    private static final Pattern FAILED = Pattern.compile("^debezium-outbox FAILED: (.*)");

    /** What the harness printed, as result rows by kind (absent when it did not print it). */
    record Output(Map<String, Object> drain, Map<String, Object> latency, Map<String, Object> rss, String failure) {
        boolean complete(String scenarios) {
            boolean drained = drain != null && "OK".equals(drain.get("check"));
            boolean streamed = latency != null && latency.get("events").equals(latency.get("acked"));
            return failure == null && rss != null
                    && (scenarios.equals("latency") || drained) && (scenarios.equals("drain") || streamed);
        }
    }

    private Peer() {
    }

    static boolean run(Opts o, Path results) throws Exception {
        String mode = o.str("mode", "flush");  // flush: producer.flush() per batch; default: per-record futures
        String skip = o.str("skip", "");
        if (!skip.isEmpty()) {
            Results.append(results, "peer-skipped", mode, Map.of("reason", skip));
            return o.bool("skip-is-ok", true);
        }
        Path dir = Path.of(o.str("dir", "target/peer/debezium-outbox")).toAbsolutePath();
        Path out = Path.of(o.str("out", "target/bench"));
        String scenarios = o.str("scenarios", "all");
        ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("run.sh").toString(), scenarios).directory(dir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", o.str("java-home", "/usr/lib/jvm/java-17-openjdk-amd64"));
        env.put("N", o.str("events", "200000"));
        env.put("RATE", o.str("rate", "1000"));
        env.put("SECS", o.str("seconds", "20"));
        env.put("WARMUP", o.str("warmup-rows", "20000"));
        env.put("FLUSH", Boolean.toString(mode.equals("flush")));
        // its figures are printed with the default locale: an English one keeps the decimal point
        env.put("JAVA_OPTS", o.str("java-opts", "-Xmx1g") + " -Duser.language=en -Duser.country=US");
        System.out.printf("peer %s: %s %s with N=%s RATE=%s SECS=%s WARMUP=%s FLUSH=%s JAVA_OPTS=%s%n", mode, pb.command().get(1),
                scenarios, env.get("N"), env.get("RATE"), env.get("SECS"), env.get("WARMUP"), env.get("FLUSH"), env.get("JAVA_OPTS"));

        long began = System.nanoTime();
        Process p = pb.start();
        Thread stopper = new Thread(() -> stop(p));  // bin/bench interrupted: run.sh's own exit trap drops the slot
        Runtime.getRuntime().addShutdownHook(stopper);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(out.resolve("peer-" + mode + ".out"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("  | " + line);
                log.write(line + "\n");
                lines.add(line);
            }
        }
        int rc = p.waitFor();
        Runtime.getRuntime().removeShutdownHook(stopper);
        double wall = (System.nanoTime() - began) / 1e9;

        Output parsed = parse(lines);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("scenarios", scenarios);
        run.put("events", env.get("N"));
        run.put("rate", env.get("RATE"));
        run.put("seconds", env.get("SECS"));
        run.put("warmup_rows", env.get("WARMUP"));
        run.put("java_opts", env.get("JAVA_OPTS"));
        run.put("exit", rc);
        run.put("wall_s", wall);
        run.put("failure", parsed.failure() == null ? "" : parsed.failure());
        Results.append(results, "peer-run", mode, run);
        if (parsed.drain() != null) {
            Results.append(results, "peer-drain", mode, parsed.drain());
        }
        if (parsed.latency() != null) {
            Results.append(results, "peer-latency", mode + " rate=" + ((Number) parsed.latency().get("rate")).intValue(), parsed.latency());
        }
        if (parsed.rss() != null) {
            Results.append(results, "peer-rss", mode, parsed.rss());
        }
        boolean ok = rc == 0 && parsed.complete(scenarios);
        if (!ok) {
            System.err.println("peer " + mode + ": run.sh exited " + rc + (parsed.failure() != null ? ", " + parsed.failure() : "")
                    + "; its figures are incomplete (see " + out.resolve("peer-" + mode + ".out") + " and " + dir.resolve("target") + "/run-*.log)");
        }
        return ok;
    }

    /** A mode's name in the report. */
    static String describe(String mode) {
        return mode.equals("flush") ? "flush per batch" : mode.equals("default") ? "per-record futures (its default)" : mode;
    }

    /** The harness's figure lines (its stdout); anything else is ignored. */
    static Output parse(List<String> lines) {
        Map<String, Object> drain = null;
        Map<String, Object> latency = null;
        Map<String, Object> rss = null;
        String failure = null;
        for (String line : lines) {
            Matcher m;
            if ((m = DRAIN.matcher(line)).find()) {
                drain = numbers(m, "events", "seconds", "events_per_s", "insert_s", "first_ack_s");
            } else if ((m = CHECK.matcher(line)).find() && drain != null) {
                drain.putAll(numbers(m, "acked", "topic_grew", "expected"));
                drain.put("check", m.group(4));
            } else if ((m = LATENCY.matcher(line)).find()) {
                latency = numbers(m, "rate", "p50_ms", "p99_ms", "p999_ms", "max_ms", "events", "seconds", "offered_per_s", "acked");
            } else if ((m = RSS.matcher(line)).find()) {
                // VmRSS and VmHWM kB / 1024, printed as "MB": MiB
                rss = numbers(m, "rss_mib", "rss_peak_mib", "max_heap_mib");
            } else if ((m = FAILED.matcher(line)).find()) {
                failure = m.group(1);
            }
        }
        return new Output(drain, latency, rss, failure);
    }

    /** The matched groups, in order, as numbers under {@code keys}. */
    private static Map<String, Object> numbers(Matcher m, String... keys) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            v.put(keys[i], Double.parseDouble(m.group(i + 1)));
        }
        return v;
    }

    /** Ends the harness's JVM first, so that run.sh itself goes on to its exit trap (the slot is dropped), then run.sh. */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
