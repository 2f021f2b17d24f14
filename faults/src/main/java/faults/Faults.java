package faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.grpc.Status;

/** The faults. Each one: its own database and topic, the service under load, one kind of damage, the check. */
final class Faults {
    private static final Duration DRAIN = Duration.ofSeconds(150);
    private static final String LEASE = "relay.lease=PT5S";

    private final Ctx ctx;
    private final Ctx.Size size;

    Faults(Ctx ctx) {
        this.ctx = ctx;
        this.size = ctx.size;
    }

    /** The scaffolding of one fault: database, topic, services (stopped at the end), monitor connection. */
    private final class Run implements AutoCloseable {
        final Row row;
        final String db;
        final String topic;
        final Db monitor;
        final List<Service> services = new ArrayList<>();
        final int dbPort;

        Run(String fault, String db, Db admin, int dbPort) {
            this.row = new Row(fault);
            this.db = db;
            this.dbPort = dbPort;
            this.topic = ctx.topic(fault);
            this.monitor = admin.on(db);
        }

        Service service(String name, List<String> properties) {
            Service s = new Service(ctx, row.fault + "-" + name, db, dbPort, topic, properties);
            services.add(s);
            return s;
        }

        Load load(List<Integer> ports) {
            Load load = new Load(row.fault, ports, size.clients(), size.aggregatesPerClient(), size.rate());
            row.load = size.clients() + "×" + size.aggregatesPerClient();
            return load;
        }

        /** The load on these (healthy) services, started and run for the time before the fault ({@link #finish} reads that span). */
        Load steadyLoad(Service... targets) {
            Load load = load(Arrays.stream(targets).map(t -> t.grpcPort).toList());
            load.start();
            Procs.sleep(size.before());
            return load;
        }

        void finish(Load load) {
            row.rate = load.rate();
            // The load the service carried just before the fault (its last second: the JVM is warm by then).
            long to = load.startedAt() + size.before().toNanos();
            long from = to - Duration.ofSeconds(1).toNanos();
            row.steadyRate = load.acksBetween(from, to) / ((to - from) / 1e9);
            Verify.Outcome o = Verify.check(ctx, monitor, topic, load, DRAIN);
            row.take(o);
            timeline(load);
            Map<Status.Code, Integer> codes = Load.byCode(new ArrayList<>(load.errors));
            row.notes.add("client errors " + (codes.isEmpty() ? "none" : codes) + ", load " + load.describe()
                          + ", " + String.format("%.0f s", load.seconds()));
            // What the clients were told, for every kind of error but the expected UNAVAILABLE.
            Map<String, Long> kinds = new TreeMap<>();
            for (Load.Err e : load.errors) {
                if (e.code() != Status.Code.UNAVAILABLE) {
                    String d = e.description().replaceAll("\\[closed=.*", "").replaceAll("\\d+(\\.\\d+)?", "N");
                    kinds.merge(e.code() + ": " + d, 1L, Long::sum);
                }
            }
            kinds.entrySet().stream().limit(6).forEach(k -> row.notes.add("client error " + k.getValue() + "× " + k.getKey()));
        }

        /** Per 0.5 s: acknowledgements, errors, max latency (run/<fault>-timeline.tsv). */
        private void timeline(Load load) {
            StringBuilder sb = new StringBuilder("t_s\tacked\terrors\tmax_latency_ms\n");
            long step = 500_000_000L;
            long t0 = load.startedAt();
            for (long t = t0; t < t0 + (long) (load.seconds() * 1e9) + step; t += step) {
                sb.append(String.format("%.1f\t%d\t%d\t%d%n", (t - t0) / 1e9, load.acksBetween(t, t + step),
                                        load.errorsBetween(t, t + step).size(), load.maxLatencyMillisBetween(t, t + step)));
            }
            try {
                Files.writeString(ctx.runDir.resolve(row.fault + "-timeline.tsv"), sb.toString());
            } catch (IOException e) {
                row.notes.add("timeline not written: " + e);
            }
        }

        @Override
        public void close() {
            for (Service s : services) {
                if (s.alive()) {
                    s.stop();
                }
            }
            for (Service s : services) {
                List<String> warnings = s.problems();
                if (!warnings.isEmpty()) {
                    row.notes.add(s.name + " log: " + warnings.size() + " warning/error lines, e.g. "
                                  + warnings.stream().map(Faults::shorten).distinct().limit(4).toList());
                }
            }
            monitor.close();
        }
    }

    private static String shorten(String line) {
        String l = line.replaceAll("^\\S+ \\d{4}-\\d\\d-\\d\\dT[\\d:.]+ ", "");
        return l.length() > 220 ? l.substring(0, 220) + "…" : l;
    }

    private static String secs(long nanos) {
        return nanos < 0 ? "never" : String.format("%.1f", nanos / 1e9);
    }

    /** Polls until the load has an acknowledgement at or after {@code t}; its delay, or -1. */
    private long awaitFirstAck(Load load, long t, Duration timeout) {
        return awaitFirstAck(load, t, timeout, null, null);
    }

    /**
     * As above; when {@code service} is up and still nothing was acknowledged 3 s after it answered
     * /health, a thread dump of it is written (evidence of a stall) and named in the row's notes.
     */
    private long awaitFirstAck(Load load, long t, Duration timeout, Service service, Row row) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long healthyAt = -1;
        boolean dumped = false;
        while (System.nanoTime() < deadline) {
            long first = load.firstAckAfter(t);
            if (first >= 0) {
                return first - t;
            }
            if (service != null && !dumped) {
                if (healthyAt < 0 && service.alive() && service.healthy()) {
                    healthyAt = System.nanoTime();
                } else if (healthyAt > 0 && System.nanoTime() - healthyAt > Duration.ofSeconds(3).toNanos()) {
                    dumped = true;
                    Path dump = service.threadDump("stalled-" + (System.nanoTime() - t) / 1_000_000_000L + "s");
                    row.notes.add("healthy but no publish acknowledged 3 s later: thread dump " + dump);
                    ctx.log(service.name + ": healthy but nothing acknowledged for 3 s; thread dump " + dump);
                }
            }
            Procs.sleepMillis(20);
        }
        return -1;
    }

    private static Map<String, Long> statuses(Db db) {
        Map<String, Long> out = new TreeMap<>();
        for (Object[] r : db.query("SELECT status, count(*) FROM events GROUP BY status")) {
            out.put((String) r[0], ((Number) r[1]).longValue());
        }
        return out;
    }

    /**
     * kill -9 while the instance holds claims: SIGSTOP it at a random moment; when it holds
     * PROCESSING rows of its own (claimed_by holds its pid) that are still there 50 ms later (a
     * statement it sent before the stop may still commit), SIGKILL it while stopped; else SIGCONT
     * and try again, for at most {@code maxWait} (then it is killed anyway). Returns the ids it held
     * when it died: claims only a lease expiry can free.
     */
    private List<String> killMidRelay(Db db, Service s, Duration maxWait) {
        String owner = s.ownerPattern();
        String held = "SELECT count(*) FROM events WHERE status = 'PROCESSING' AND claimed_by LIKE ?";
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Procs.signal(s.pid(), "STOP");
            if (db.scalar(held, owner) > 0) {
                Procs.sleepMillis(50);
                if (db.scalar(held, owner) > 0) {
                    s.kill9();
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                s.kill9();
                break;
            }
            Procs.signal(s.pid(), "CONT");
            Procs.sleepMillis(5 + (long) (Math.random() * 20));
        }
        List<String> ids = new ArrayList<>();
        db.query("SELECT id::text FROM events WHERE status = 'PROCESSING' AND claimed_by LIKE ?", owner)
                .forEach(r -> ids.add((String) r[0]));
        return ids;
    }

    /** When errors happened, relative to an injection: ", at +9.8…+10.4 s after the kill". */
    private static String errorTimes(Load load, List<Load.Err> errors, long reference, String what) {
        if (errors.isEmpty()) {
            return "";
        }
        long min = errors.stream().mapToLong(Load.Err::at).min().getAsLong();
        long max = errors.stream().mapToLong(Load.Err::at).max().getAsLong();
        return String.format(", from %+.1f to %+.1f s after the %s", (min - reference) / 1e9, (max - reference) / 1e9, what);
    }

    /** Claims made before {@code upAt} (database time) still PROCESSING 2 s after {@code up}: only a lease expiry frees them. */
    private static long strandedClaims(Db db, String upAt, long up) {
        Procs.sleepMillis(Math.max(0, (up + Duration.ofSeconds(2).toNanos() - System.nanoTime()) / 1_000_000));
        return db.scalar("SELECT count(*) FROM events WHERE status = 'PROCESSING' AND updated_at < ?::timestamptz", upAt);
    }

    // ---- 1. kill -9 ×3 ---------------------------------------------------------------------------

    Row kill9() {
        try (Run run = new Run("kill9", ctx.freshDatabase("faults_kill9"), ctx.admin, ctx.dbPort)) {
            Row row = run.row;
            row.injected = "kill -9 of the service ×" + size.kills() + " (while it held claims), restarted after "
                           + size.serviceDown().toSeconds() + " s; lease 5 s";
            Service s = run.service("svc", List.of(LEASE));
            s.startHealthy();
            Load load = run.steadyLoad(s);
            List<String> recoveries = new ArrayList<>();
            long orphans = 0;
            for (int k = 1; k <= size.kills(); k++) {
                long pid = s.pid();
                List<String> held = killMidRelay(run.monitor, s, Duration.ofSeconds(1));
                orphans += held.size();
                ctx.log("kill9: kill -9 #" + k + " of pid " + pid + " holding " + held.size() + " claims");
                Procs.sleep(size.serviceDown());
                long restart = System.nanoTime();
                s.start();
                s.awaitHealthy(ctx.startTimeout);
                long first = awaitFirstAck(load, restart, Duration.ofSeconds(60), s, row);
                ctx.log("kill9: restarted; healthy after " + secs(System.nanoTime() - restart) + " s, first ack after " + secs(first) + " s");
                row.expect(first >= 0, "no publish acknowledged after restart #" + k);
                recoveries.add(secs(first));
                Procs.sleep(size.between());
            }
            load.stop();
            row.recovery = "restart→first ack " + String.join(" / ", recoveries) + " s (JVM start included)";
            row.notes.add(orphans + " claims were held by the killed instances (taken over after the lease)");
            run.finish(load);
            return row;
        }
    }

    // ---- 2. Kafka broker down ------------------------------------------------------------------

    Row kafka() {
        try (Run run = new Run("kafka", ctx.freshDatabase("faults_kafka"), ctx.admin, ctx.dbPort)) {
            Row row = run.row;
            row.injected = "Kafka broker kill -9, down " + size.kafkaOutage().toSeconds() + " s, restarted (delivery.timeout 5 s)";
            Service s = run.service("svc", List.of("kafka.producer.delivery.timeout.ms=5000", "kafka.producer.request.timeout.ms=2000"));
            s.startHealthy();
            Load load = run.steadyLoad(s);
            long down = System.nanoTime();
            ctx.kafka.kill9();
            ctx.log("kafka: broker killed");
            long sawFailed = 0;
            long maxRetry = 0;
            long end = down + size.kafkaOutage().toNanos();
            while (System.nanoTime() < end) {
                Procs.sleepMillis(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                sawFailed = Math.max(sawFailed, run.monitor.scalar("SELECT count(*) FROM events WHERE status = 'FAILED'"));
                maxRetry = Math.max(maxRetry, run.monitor.scalar("SELECT coalesce(max(retry_count), 0) FROM events"));
            }
            Map<String, Long> atEnd = statuses(run.monitor);
            long restartCmd = System.nanoTime();
            ctx.kafka.start(false);
            long up = System.nanoTime();
            String upAt = (String) run.monitor.query("SELECT now()::text").get(0)[0];
            long backlog = run.monitor.scalar("SELECT count(*) FROM events WHERE status <> 'PROCESSED'");
            ctx.log("kafka: broker back after " + secs(up - down) + " s (start took " + secs(up - restartCmd) + " s); statuses at outage end " + atEnd);
            long acceptedDuringOutage = load.acksBetween(down, up);
            List<Load.Err> errorsDuringOutage = load.errorsBetween(down, up);
            // The outage's backlog: everything created before the broker was back.
            long backlogDone = -1;
            Duration allowed = Duration.ofSeconds(Math.max(30, 2 * size.kafkaOutage().toSeconds()));
            long deadline = up + allowed.toNanos();
            while (System.nanoTime() < deadline) {
                if (run.monitor.scalar("SELECT count(*) FROM events WHERE status <> 'PROCESSED' AND created_at <= ?::timestamptz",
                                       upAt) == 0) {
                    backlogDone = System.nanoTime() - up;
                    break;
                }
                Procs.sleepMillis(100);
            }
            long backlogLeft = backlogDone >= 0 ? 0 : run.monitor.scalar(
                    "SELECT count(*) FROM events WHERE status <> 'PROCESSED' AND created_at <= ?::timestamptz", upAt);
            long firstAckAfter = load.firstAckAfter(up);
            Procs.sleep(size.after());
            load.stop();
            run.finish(load);
            row.recovery = "broker ready→outage backlog (" + backlog + " events) delivered " + secs(backlogDone)
                           + " s, load going on (broker restart took " + secs(up - restartCmd) + " s)";
            row.expect(acceptedDuringOutage > 0, "no event accepted while Kafka was down");
            row.expect(errorsDuringOutage.isEmpty(), errorsDuringOutage.size() + " client errors while Kafka was down: "
                                                      + Load.byCode(errorsDuringOutage) + errorTimes(load, errorsDuringOutage, down, "kill"));
            row.expect(atEnd.getOrDefault("PENDING", 0L) > 0, "no event waiting PENDING at the end of the outage: " + atEnd);
            row.expect(sawFailed == 0 && !atEnd.containsKey("FAILED"), "events FAILED during the broker outage (max seen " + sawFailed + ")");
            row.expect(maxRetry == 0, "retry budget spent during the outage: max retry_count " + maxRetry);
            row.expect(backlogDone >= 0, "outage backlog (" + backlog + " events) not delivered within " + allowed.toSeconds()
                                         + " s (2× the outage) of the broker's return, the load going on; at that point "
                                         + backlogLeft + " of them were still undelivered");
            row.expect(firstAckAfter >= 0, "no publish acknowledged after the broker was back");
            row.notes.add(acceptedDuringOutage + " events accepted during the outage; statuses at its end " + atEnd
                          + "; max publish latency during the outage " + load.maxLatencyMillisBetween(down, up) + " ms");
            return row;
        }
    }

    // ---- 3. PostgreSQL connections terminated / database unreachable ----------------------------

    Row pg() {
        try (Run run = new Run("pg", ctx.freshDatabase("faults_pg"), ctx.admin, ctx.dbPort)) {
            Row row = run.row;
            row.injected = "pg_terminate_backend of the service's connections; then " + size.pgOutage().toSeconds()
                           + " s with its database refusing connections (ALLOW_CONNECTIONS false + terminate)";
            Service s = run.service("svc", List.of(LEASE));
            s.startHealthy();
            Load load = run.steadyLoad(s);
            // (a) every connection of the service killed once
            long t1 = System.nanoTime();
            long killed = ctx.admin.terminate(run.db);
            long first1 = awaitFirstAck(load, System.nanoTime(), Duration.ofSeconds(30));
            ctx.log("pg: terminated " + killed + " backends; next ack after " + secs(first1) + " s");
            Procs.sleep(size.between());
            List<Load.Err> errors1 = load.errorsBetween(t1, System.nanoTime());
            // (b) an outage: no connection possible for a while
            long down = System.nanoTime();
            ctx.admin.allowConnections(run.db, false);
            long killed2 = ctx.admin.terminate(run.db);
            long end = down + size.pgOutage().toNanos();
            while (System.nanoTime() < end) {
                killed2 += ctx.admin.terminate(run.db);
                Procs.sleepMillis(250);
            }
            ctx.admin.allowConnections(run.db, true);
            long up = System.nanoTime();
            String upAt = (String) run.monitor.query("SELECT now()::text").get(0)[0];
            long acksDuringOutage = load.acksBetween(down + Duration.ofMillis(500).toNanos(), up);
            List<Load.Err> outageErrors = load.errorsBetween(down, up + Duration.ofSeconds(1).toNanos());
            long first = awaitFirstAck(load, up, Duration.ofSeconds(60));
            ctx.log("pg: outage over (" + killed2 + " backends terminated); first ack after " + secs(first) + " s; errors "
                    + Load.byCode(outageErrors));
            long stranded = strandedClaims(run.monitor, upAt, up);
            Procs.sleep(size.after());
            load.stop();
            run.finish(load);
            row.recovery = "outage end→first ack " + secs(first) + " s (after the one-shot kill: " + secs(first1) + " s)";
            row.expect(first1 >= 0, "no publish acknowledged after the connections were terminated");
            row.expect(first >= 0, "the service did not recover within 60 s of the database's return");
            row.expect(!outageErrors.isEmpty(), "no client error during the outage");
            Map<Status.Code, Integer> codes = expectOnlyUnavailable(row, outageErrors, "during the outage");
            row.expect(acksDuringOutage == 0, acksDuringOutage + " publishes acknowledged while the database refused connections");
            row.notes.add("one-shot kill: " + killed + " backends, client errors " + Load.byCode(errors1)
                          + "; outage: client errors " + codes);
            row.notes.add(stranded + " claims made before the outage's end still PROCESSING 2 s after it (their outcome could not be "
                          + "written; they wait for the lease, 5 s here, 60 s by default, and are then sent again)");
            return row;
        }
    }

    /** While PostgreSQL is away a client may only hear UNAVAILABLE (never a false success or another code). */
    private static Map<Status.Code, Integer> expectOnlyUnavailable(Row row, List<Load.Err> errors, String when) {
        Map<Status.Code, Integer> codes = Load.byCode(errors);
        row.expect(codes.keySet().stream().allMatch(c -> c == Status.Code.UNAVAILABLE),
                   "clients got other errors than UNAVAILABLE " + when + ": " + codes + " e.g. "
                   + errors.stream().filter(e -> e.code() != Status.Code.UNAVAILABLE).map(Load.Err::description)
                           .distinct().limit(2).toList());
        return codes;
    }

    // ---- 3b. PostgreSQL server restart (private cluster) ---------------------------------------

    Row pgRestart() {
        Row skipped = new Row("pg-restart");
        PgCluster cluster = ctx.pgCluster;
        if (cluster == null) {
            skipped.skipped = true;
            skipped.injected = "PostgreSQL restart (no PostgreSQL server binaries here)";
            return skipped;
        }
        cluster.init();
        cluster.start();
        Db admin = new Db("127.0.0.1", cluster.port, "postgres", "postgres", "");
        admin.recreate("faults_pg_restart");
        try (Run run = new Run("pg-restart", "faults_pg_restart", admin, cluster.port)) {
            Row row = run.row;
            row.injected = "PostgreSQL server (a private cluster on :" + cluster.port + ") stopped -m immediate, down "
                           + size.pgOutage().toSeconds() + " s, started again";
            Service s = run.service("svc", List.of(LEASE));
            s.startHealthy();
            Load load = run.steadyLoad(s);
            long down = System.nanoTime();
            cluster.stopImmediate();
            ctx.log("pg-restart: server stopped");
            Procs.sleep(size.pgOutage());
            cluster.start();
            long up = System.nanoTime();
            String upAt = (String) run.monitor.query("SELECT now()::text").get(0)[0];
            List<Load.Err> outageErrors = load.errorsBetween(down, up);
            long first = awaitFirstAck(load, up, Duration.ofSeconds(60));
            ctx.log("pg-restart: server back; first ack after " + secs(first) + " s");
            long stranded = strandedClaims(run.monitor, upAt, up);
            row.notes.add(stranded + " claims made before the restart still PROCESSING 2 s after it (they wait for the lease)");
            Procs.sleep(size.after());
            load.stop();
            run.finish(load);
            row.recovery = "server up→first ack " + secs(first) + " s";
            row.expect(first >= 0, "the service did not recover within 60 s of the server's return");
            row.expect(!outageErrors.isEmpty(), "no client error while the server was down");
            expectOnlyUnavailable(row, outageErrors, "while the server was down");
            return row;
        } finally {
            admin.close();
            cluster.stop();
            if (!ctx.keep) {
                cluster.remove();
            }
        }
    }

    // ---- 4. Redis killed and restarted, then frozen --------------------------------------------

    Row redis() {
        try (Run run = new Run("redis", ctx.freshDatabase("faults_redis"), ctx.admin, ctx.dbPort)) {
            Row row = run.row;
            row.injected = "the suite's redis-server kill -9, down " + size.redisOutage().toSeconds() + " s, restarted; then SIGSTOP "
                           + size.redisFreeze().toSeconds() + " s";
            Service s = run.service("svc", List.of());
            s.startHealthy();
            Load load = run.steadyLoad(s);
            long keysBefore = ctx.redis.dbsize();
            long down = System.nanoTime();
            ctx.redis.kill9();
            Procs.sleep(Duration.ofSeconds(2));
            s.threadDump("redis-down");
            Procs.sleep(size.redisOutage().minusSeconds(2));
            ctx.redis.start();
            long up = System.nanoTime();
            long used = -1;
            long deadline = up + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (ctx.redis.dbsize() > 0) {
                    used = System.nanoTime() - up;
                    break;
                }
                Procs.sleepMillis(50);
            }
            ctx.log("redis: restarted; the service wrote to it again after " + secs(used) + " s");
            long outageMax = load.maxLatencyMillisBetween(down, up);
            Procs.sleep(size.between());
            long frozen = System.nanoTime();
            ctx.redis.freeze();
            Procs.sleep(Duration.ofSeconds(1));
            s.threadDump("redis-frozen");
            Procs.sleep(size.redisFreeze().minusSeconds(1));
            ctx.redis.thaw();
            long thawed = System.nanoTime();
            long freezeMax = load.maxLatencyMillisBetween(frozen, thawed + Duration.ofSeconds(1).toNanos());
            Procs.sleep(size.after());
            load.stop();
            run.finish(load);
            row.recovery = "restart→Redis used again " + secs(used) + " s (no client error to recover from)";
            row.expect(keysBefore > 0, "the service wrote nothing to Redis before the fault (is it using it?)");
            List<Load.Err> killPhase = load.errorsBetween(0, frozen);
            List<Load.Err> freezePhase = load.errorsBetween(frozen, Long.MAX_VALUE);
            row.expect(killPhase.isEmpty(), killPhase.size() + " client errors around the kill -9 and restart of Redis: "
                                            + Load.byCode(killPhase) + errorTimes(load, killPhase, down, "kill"));
            row.expect(freezePhase.isEmpty(), freezePhase.size() + " client errors around the Redis freeze: "
                                              + Load.byCode(freezePhase) + errorTimes(load, freezePhase, frozen, "SIGSTOP"));
            row.expect(used >= 0, "the service did not use Redis again within 30 s of its restart");
            row.notes.add("keys before " + keysBefore + "; max publish latency: before " + load.maxLatencyMillisBetween(0, down)
                          + " ms, Redis down " + outageMax + " ms, Redis frozen " + freezeMax + " ms");
            return row;
        }
    }

    // ---- 5. two instances, one killed ----------------------------------------------------------

    Row twoInstances() {
        try (Run run = new Run("two-instances", ctx.freshDatabase("faults_two"), ctx.admin, ctx.dbPort)) {
            Row row = run.row;
            row.injected = "instances A and B on one database and topic; A kill -9 while holding claims; lease 5 s";
            Service a = run.service("a", List.of(LEASE));
            Service b = run.service("b", List.of(LEASE));
            a.start();
            b.start();
            a.awaitHealthy(ctx.startTimeout);
            b.awaitHealthy(ctx.startTimeout);
            Load load = run.steadyLoad(a, b);
            long killedAt = System.nanoTime();
            List<String> held = killMidRelay(run.monitor, a, Duration.ofSeconds(5));
            ctx.log("two-instances: A (pid killed) held " + held.size() + " claims");
            long takenOver = -1;
            long deadline = killedAt + Duration.ofSeconds(60).toNanos();
            while (!held.isEmpty() && System.nanoTime() < deadline) {
                long left = run.monitor.scalar("SELECT count(*) FROM events WHERE id = ANY(?::uuid[]) AND status <> 'PROCESSED'",
                                               "{" + String.join(",", held) + "}");
                if (left == 0) {
                    takenOver = System.nanoTime() - killedAt;
                    break;
                }
                Procs.sleepMillis(100);
            }
            ctx.log("two-instances: A's claims PROCESSED by B after " + secs(takenOver) + " s");
            Procs.sleep(size.after());
            load.stop();
            run.finish(load);
            row.recovery = "kill→A's " + held.size() + " claims delivered by B " + secs(takenOver) + " s";
            row.expect(!held.isEmpty(), "A held no claim when it was killed: the takeover was not exercised");
            row.expect(held.isEmpty() || takenOver >= 0, "A's claims were not taken over within 60 s");
            row.expect(b.alive(), "instance B died");
            return row;
        }
    }

    // ---- 6. SIGTERM under load -----------------------------------------------------------------

    Row sigterm() {
        try (Run run = new Run("sigterm", ctx.freshDatabase("faults_sigterm"), ctx.admin, ctx.dbPort)) {
            Row row = run.row;
            row.injected = "SIGTERM under load (default lease 60 s), then restarted to deliver the rest";
            Service s = run.service("svc", List.of());
            s.startHealthy();
            Load load = run.steadyLoad(s);
            long term = System.nanoTime();
            int exit = s.terminate(Duration.ofSeconds(30));
            long exited = System.nanoTime();
            Map<String, Long> after = statuses(run.monitor);
            ctx.log("sigterm: exit " + exit + " after " + secs(exited - term) + " s; statuses " + after);
            load.stop();
            long left = run.monitor.scalar("SELECT count(*) FROM events WHERE status <> 'PROCESSED'");
            String rest = "nothing left to deliver";
            if (left > 0) {
                long restart = System.nanoTime();
                s.startHealthy();
                long drained = Verify.awaitDrained(run.monitor, DRAIN, 3);
                rest = "restart→the " + left + " left delivered " + secs(drained < 0 ? -1 : System.nanoTime() - restart) + " s";
            }
            run.finish(load);
            row.recovery = "SIGTERM→exit " + secs(exited - term) + " s; " + rest;
            row.expect(exit == 0, "exit code " + exit + " after SIGTERM (expected 0)");
            row.expect(after.getOrDefault("PROCESSING", 0L) == 0, after.get("PROCESSING") + " events left PROCESSING after the stop");
            row.notes.add("statuses right after the exit " + after + "; client errors after SIGTERM "
                          + Load.byCode(load.errorsBetween(term, Long.MAX_VALUE)));
            return row;
        }
    }

    // ---- opt-in: callers with short deadlines sharing connections with patient ones ---------------

    Row deadlines() {
        try (Run run = new Run("deadlines", ctx.freshDatabase("faults_deadlines"), ctx.admin, ctx.dbPort)) {
            Row row = run.row;
            row.injected = "on each client connection, half the aggregates' calls with a 20 ms deadline (cancelled when "
                           + "slower); the other half must see no error";
            Service s = run.service("svc", List.of());
            s.startHealthy();
            Load load = run.load(List.of(s.grpcPort));
            load.impatientDeadlineMillis = 20;
            load.start();
            Procs.sleep(size.before().plus(size.after()));
            load.stop();
            run.finish(load);
            row.recovery = "-";
            row.notes.add("impatient calls: " + new TreeMap<>(load.impatientOutcomes));
            row.expect(load.errors.isEmpty(), load.errors.size() + " errors of patient calls (10 s deadline) sharing the connections: "
                                              + Load.byCode(new ArrayList<>(load.errors)));
            return row;
        }
    }

    static String names() {
        return List.of("kill9", "kafka", "pg", "pg-restart", "redis", "two-instances", "sigterm").stream().collect(Collectors.joining(","));
    }
}
