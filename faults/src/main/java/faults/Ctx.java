package faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What every fault shares: paths, the suite's private Kafka and Redis, the shared PostgreSQL, the size. */
final class Ctx {
    /** How big a run is. */
    record Size(String name, int clients, int aggregatesPerClient, double rate,
                Duration before, Duration between, Duration after,
                Duration kafkaOutage, Duration pgOutage, Duration redisOutage, Duration redisFreeze,
                Duration serviceDown, int kills) {

        static Size smoke() {
            return new Size("smoke", 4, 12, 100, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1),
                            Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(2),
                            Duration.ofSeconds(2), 3);
        }

        static Size full() {
            return new Size("full", 8, 24, 400, Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15),
                            Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(20), Duration.ofSeconds(10),
                            Duration.ofSeconds(2), 3);
        }

        /** FAULTS_CLIENTS, FAULTS_AGGREGATES (per client) and FAULTS_RATE (events/s in all) override the load. */
        Size withEnv() {
            return new Size(name, Integer.parseInt(env("FAULTS_CLIENTS", Integer.toString(clients))),
                            Integer.parseInt(env("FAULTS_AGGREGATES", Integer.toString(aggregatesPerClient))),
                            Double.parseDouble(env("FAULTS_RATE", Double.toString(rate))),
                            before, between, after, kafkaOutage, pgOutage, redisOutage, redisFreeze, serviceDown, kills);
        }
    }

    final String runId;
    final Path repo;
    final Path work;
    final Path runDir;
    Path serviceJar;
    final String java;
    final String javaHome;
    final String dbHost;
    final int dbPort;
    final String dbUser;
    final String dbPassword;
    final Db admin;
    final Size size;
    final boolean keep;
    final Duration startTimeout = Duration.ofSeconds(90);
    final List<String> serviceJvmOptions = new ArrayList<>();
    final long t0 = System.nanoTime();
    Kafka kafka;
    Redis redis;
    PgCluster pgCluster;

    Ctx(String runId, Path repo, Path work, Path serviceJar, Size size, boolean keep) {
        this.runId = runId;
        this.repo = repo;
        this.work = work;
        this.runDir = work.resolve("run");
        this.serviceJar = serviceJar;
        this.size = size;
        this.keep = keep;
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.javaHome = Path.of(java).getParent().getParent().toString();
        this.dbHost = env("FAULTS_DB_HOST", "127.0.0.1");
        this.dbPort = Integer.parseInt(env("FAULTS_DB_PORT", "5432"));
        this.dbUser = env("FAULTS_DB_USER", "postgres");
        this.dbPassword = env("FAULTS_DB_PASSWORD", "");
        this.admin = new Db(dbHost, dbPort, "postgres", dbUser, dbPassword);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Drops and creates a database of the suite's own on the shared server (and remembers it for clean-up). */
    String freshDatabase(String name) {
        try {
            Files.writeString(runDir.resolve("dbs"), name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                              StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        admin.recreate(name);
        return name;
    }

    String topic(String fault) {
        return "faults-" + fault + "-" + runId;
    }

    double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    synchronized void log(String message) {
        System.out.printf("[%6.1fs] %s%n", elapsed(), message);
        System.out.flush();
    }
}
