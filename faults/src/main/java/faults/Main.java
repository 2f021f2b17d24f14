package faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fault suite: starts the suite's own Kafka broker and redis-server, then runs each fault
 * against the real service process and prints one row per fault. Exit 1 when anything was lost,
 * out of order, or an expectation failed. Run through bin/faults (it builds and cleans up).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException {
        Path repo = null;
        Path work = null;
        Path jar = null;
        Ctx.Size size = Ctx.Size.full();
        boolean keep = false;
        Boolean pgRestart = null;
        Set<String> only = new LinkedHashSet<>(Arrays.asList(Faults.names().split(",")));
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                size = Ctx.Size.smoke();
            } else if (arg.equals("--full")) {
                size = Ctx.Size.full();
            } else if (arg.equals("--keep")) {
                keep = true;
            } else if (arg.equals("--pg-restart")) {
                pgRestart = true;
            } else if (arg.equals("--no-pg-restart")) {
                pgRestart = false;
            } else if (arg.startsWith("--only=")) {
                only = new LinkedHashSet<>(Arrays.asList(arg.substring(7).split(",")));
            } else if (arg.startsWith("--repo=")) {
                repo = Path.of(arg.substring(7));
            } else if (arg.startsWith("--work=")) {
                work = Path.of(arg.substring(7));
            } else if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring(6));
            } else {
                System.err.println("faults: unknown argument " + arg + "\nusage: faults --repo=DIR --work=DIR --jar=FILE "
                                   + "[--smoke|--full] [--only=" + Faults.names() + "[,deadlines]] [--pg-restart|--no-pg-restart] [--keep]");
                System.exit(2);
            }
        }
        if (repo == null || work == null || jar == null) {
            System.err.println("faults: --repo, --work and --jar are required (bin/faults passes them)");
            System.exit(2);
        }
        for (String name : only) {
            if (!Arrays.asList((Faults.names() + ",deadlines").split(",")).contains(name)) {
                System.err.println("faults: unknown fault " + name + " (known: " + Faults.names() + ")");
                System.exit(2);
            }
        }
        size = size.withEnv();
        if (pgRestart == null) {
            pgRestart = size.name().equals("full");
        }
        if (!pgRestart) {
            only.remove("pg-restart");
        }

        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        Ctx ctx = new Ctx(runId, repo, work, Aot.deploy(jar, work), size, keep);
        Procs.init(ctx.runDir.resolve("pids"));
        ctx.log("fault suite, size " + size.name() + " (" + size.clients() + " clients × " + size.aggregatesPerClient()
                + " aggregates, target " + (int) size.rate() + " events/s), faults " + only + ", logs in " + ctx.runDir);

        List<Row> rows = new ArrayList<>();
        int exit = 0;
        try {
            startInfrastructure(ctx, only.contains("pg-restart"));
            Faults faults = new Faults(ctx);
            for (String name : only) {
                Supplier<Row> fault = switch (name) {
                    case "kill9" -> faults::kill9;
                    case "kafka" -> faults::kafka;
                    case "pg" -> faults::pg;
                    case "pg-restart" -> faults::pgRestart;
                    case "redis" -> faults::redis;
                    case "two-instances" -> faults::twoInstances;
                    case "sigterm" -> faults::sigterm;
                    case "deadlines" -> faults::deadlines;
                    default -> throw new IllegalArgumentException(name);
                };
                ctx.log("== " + name);
                long t = System.nanoTime();
                Row row;
                try {
                    row = fault.get();
                } catch (RuntimeException e) {
                    row = new Row(name);
                    row.problems.add("the fault could not be run: " + e);
                    e.printStackTrace(System.out);
                }
                if (!ctx.kafka.running()) {
                    ctx.log("private broker not running after " + name + "; starting it again");
                    ctx.kafka.start(false);
                }
                ctx.log("== " + name + ": " + row.result() + " in " + String.format("%.0f s", (System.nanoTime() - t) / 1e9));
                rows.add(row);
            }
        } catch (RuntimeException e) {
            System.out.println("faults: the suite could not run: " + e);
            e.printStackTrace(System.out);
            exit = 2;
        } finally {
            stopInfrastructure(ctx);
        }
        String report = report(ctx, rows);
        System.out.println();
        System.out.println(report);
        Files.writeString(ctx.runDir.resolve("results.md"), report, StandardCharsets.UTF_8);
        if (exit == 0 && rows.stream().anyMatch(r -> !r.passed())) {
            exit = 1;
        }
        System.out.println(exit == 0 ? "faults: all passed (" + String.format("%.0f s", ctx.elapsed()) + ")"
                                     : "faults: FAILED (" + String.format("%.0f s", ctx.elapsed()) + ")");
        System.exit(exit);
    }

    private static void startInfrastructure(Ctx ctx, boolean pgCluster) {
        int kafkaPort = pickPort("FAULTS_KAFKA_PORT", 19092, 2);
        ctx.kafka = new Kafka(ctx.repo, ctx.work.resolve("kafka"), kafkaPort, ctx.javaHome);
        long t = System.nanoTime();
        // bin/faults starts the broker fresh while it builds; then this only checks that it runs.
        boolean started = "1".equals(System.getenv("FAULTS_KAFKA_STARTED")) && ctx.kafka.running();
        ctx.kafka.start(!started);
        ctx.log("private Kafka broker at " + ctx.kafka.bootstrap() + (started ? " (started fresh by bin/faults)"
                : " (fresh, " + String.format("%.1f s", (System.nanoTime() - t) / 1e9) + ")"));
        int redisPort = pickPort("FAULTS_REDIS_PORT", 16379, 1);
        ctx.redis = new Redis(redisPort, ctx.runDir);
        ctx.redis.start();
        ctx.log("private redis-server at 127.0.0.1:" + redisPort);
        Aot.prepare(ctx);
        if (pgCluster) {
            int pgPort = pickPort("FAULTS_PG_PORT", 15432, 1);
            ctx.pgCluster = PgCluster.find(ctx.work.resolve("pg"), pgPort);
            ctx.log(ctx.pgCluster == null ? "no PostgreSQL server binaries: pg-restart skipped"
                                          : "private PostgreSQL cluster for pg-restart on :" + pgPort);
        }
    }

    /** The port from {@code env}, or the first of base, base+100, … whose {@code width} ports are free. */
    private static int pickPort(String env, int base, int width) {
        String fixed = System.getenv(env);
        if (fixed != null && !fixed.isBlank()) {
            return Integer.parseInt(fixed);
        }
        for (int port = base; port < base + 2000; port += 100) {
            boolean free = true;
            for (int i = 0; i < width; i++) {
                free &= Procs.portFree(port + i);
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no free port near " + base);
    }

    private static void stopInfrastructure(Ctx ctx) {
        try {
            if (ctx.kafka != null) {
                ctx.kafka.stop();
            }
            if (ctx.redis != null) {
                ctx.redis.stop();
            }
            if (ctx.pgCluster != null) {
                ctx.pgCluster.stop();
            }
            if (!ctx.keep) {
                Path dbs = ctx.runDir.resolve("dbs");
                if (Files.exists(dbs)) {
                    for (String db : new LinkedHashSet<>(Files.readAllLines(dbs))) {
                        if (!db.isBlank()) {
                            ctx.admin.drop(db.trim());
                        }
                    }
                    Files.delete(dbs);
                }
            }
            ctx.admin.close();
        } catch (IOException | RuntimeException e) {
            System.out.println("faults: clean-up incomplete: " + e);
        }
    }

    static String report(Ctx ctx, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| fault | injected | load: clients×aggregates, acked/s before the fault (overall) | acked | delivered | lost | dup | order viol. | recovery | result |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format("| %s | %s | %s, %.0f/s (%.0f/s) | %d | %d | %d | %d | %d | %s | %s |%n", r.fault, r.injected, r.load,
                                    r.steadyRate, r.rate, r.acked, r.delivered, r.lost, r.duplicates, r.orderViolations, r.recovery, r.result()));
        }
        sb.append("\n");
        for (Row r : rows) {
            sb.append("- ").append(r.fault).append(": ").append(r.result()).append("\n");
            for (String p : r.problems) {
                sb.append("    - PROBLEM: ").append(p).append("\n");
            }
            for (String n : r.notes) {
                sb.append("    - ").append(n).append("\n");
            }
        }
        sb.append("\nsize ").append(ctx.size.name()).append(", run ").append(ctx.runId)
          .append(String.format(", %.0f s. acked/s before the fault: in the second before it (the load starts %d s before the fault); "
                                 + "overall: distinct acknowledged events / whole load duration (outages included)%n",
                                 ctx.elapsed(), ctx.size.before().toSeconds()));
        return sb.toString();
    }
}
