package faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One instance of the real service: {@code java -jar event-service.jar}, configured like production (env + -D). */
final class Service {
    private static final List<String> SERVICE_ENV = List.of("PORT", "GRPC_PORT", "SERVICE_NAME", "LOG_LEVEL", "AUTH_TOKEN",
            "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    final String name;
    final int httpPort;
    final int grpcPort;
    private final Ctx ctx;
    private final Map<String, String> env;
    private final List<String> properties;
    /** Extra JVM options of this instance (e.g. the AOT training run's). */
    final List<String> jvmOptions = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    Service(Ctx ctx, String name, String db, int dbPort, String topic, List<String> properties) {
        this.ctx = ctx;
        this.name = name;
        this.httpPort = Procs.freePort();
        this.grpcPort = Procs.freePort();
        this.properties = properties;
        this.env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(httpPort));
        env.put("GRPC_PORT", Integer.toString(grpcPort));
        env.put("SERVICE_NAME", "event-service");
        env.put("LOG_LEVEL", "info");
        env.put("DB_HOST", ctx.dbHost);
        env.put("DB_PORT", Integer.toString(dbPort));
        env.put("DB_NAME", db);
        env.put("DB_USER", ctx.dbUser);
        env.put("DB_PASSWORD", ctx.dbPassword);
        env.put("KAFKA_BROKERS", ctx.kafka.bootstrap());
        env.put("KAFKA_TOPIC", topic);
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PORT", Integer.toString(ctx.redis.port));
    }

    void start() {
        Path log = ctx.runDir.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        List<String> command = new ArrayList<>(List.of(ctx.java, "-Xmx384m", "-Dfaults.run=" + ctx.runId));
        command.addAll(jvmOptions.isEmpty() ? ctx.serviceJvmOptions : jvmOptions);
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", ctx.serviceJar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DB_") || k.startsWith("KAFKA_") || k.startsWith("REDIS_")
                || SERVICE_ENV.contains(k));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Procs.track(process, "faults.run=" + ctx.runId);
    }

    /** Waits until GET /health answers 200 (PostgreSQL and Kafka reachable). */
    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start-up:\n" + tail());
            }
            if (healthy()) {
                return;
            }
            Procs.sleepMillis(100);
        }
        throw new IllegalStateException(name + " not healthy after " + timeout + ":\n" + tail());
    }

    /** GET /health → 200, on a connection closed right after (an idle keep-alive one would delay a SIGTERM stop). */
    boolean healthy() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", httpPort), 500);
            s.setSoTimeout(3000);
            s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                                              .getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    void startHealthy() {
        start();
        awaitHealthy(ctx.startTimeout);
    }

    /** kill -9 (Process.destroyForcibly is SIGKILL, sent at once): no shutdown hook runs. */
    void kill9() {
        process.destroyForcibly();
        waitGone();
    }

    /** SIGTERM; the exit code, or -1 when it did not exit within {@code timeout} (then it is killed). */
    int terminate(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill9();
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    private void waitGone() {
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        if (process != null && process.isAlive()) {
            if (terminate(Duration.ofSeconds(20)) == -1) {
                ctx.log(name + ": no exit within 20 s of SIGTERM; killed");
            }
        }
    }

    /**
     * jcmd Thread.print (platform threads, with the virtual thread each carries) into the run
     * directory; the file, or null. Not Thread.dump_to_file: on Temurin 25.0.3 it crashed the service
     * once (SIGSEGV in Continuation::is_continuation_entry_frame under JVM_CreateThreadSnapshot).
     */
    Path threadDump(String label) {
        Path file = ctx.runDir.resolve(name + "-" + label + "-threads.txt");
        Procs.Result r = Procs.run(List.of(Path.of(ctx.javaHome, "bin", "jcmd").toString(), Long.toString(process.pid()),
                                           "Thread.print"), null, Duration.ofSeconds(60));
        try {
            Files.writeString(file, r.output());
        } catch (IOException e) {
            return null;
        }
        return r.exit() == 0 ? file : null;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The relay's owner id is {@code <service>@<pid>@<host>/<random>}: a LIKE pattern for this process's claims. */
    String ownerPattern() {
        return "%@" + process.pid() + "@%";
    }

    String tail() {
        return logs.isEmpty() ? "" : Procs.tail(logs.get(logs.size() - 1), 40);
    }

    List<Path> logs() {
        return logs;
    }

    /** Warnings and errors of every run of this instance. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Path log : logs) {
            for (String line : Procs.grep(log, " WARNING | SEVERE |Exception")) {
                out.add(log.getFileName() + ": " + line);
            }
        }
        return out;
    }
}
