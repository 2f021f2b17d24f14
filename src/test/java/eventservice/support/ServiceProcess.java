package eventservice.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as its own OS process (java eventservice.Main with the test classpath), configured
 * only by environment variables: for what needs a real process — exit codes, SIGTERM, kill -9.
 */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    public final int httpPort;
    public final int grpcPort;

    private ServiceProcess(Process process, Path log, int httpPort, int grpcPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /** Starts the service with the test defaults (local PostgreSQL and Kafka, free ports) under {@code env}. */
    public static ServiceProcess start(Map<String, String> env) throws IOException {
        return start(env, List.of());
    }

    /** As {@link #start(Map)}, with system properties for keys that have no environment variable. */
    public static ServiceProcess start(Map<String, String> env, List<String> properties) throws IOException {
        Map<String, String> all = new HashMap<>();
        all.put("PORT", Integer.toString(freePort()));
        all.put("GRPC_PORT", Integer.toString(freePort()));
        all.put("DB_HOST", "127.0.0.1");
        all.put("KAFKA_BROKERS", TestConfig.KAFKA);
        all.put("REDIS_HOST", "127.0.0.1");
        all.putAll(env);
        Path log = Files.createTempFile("event-service-", ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m"));
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "eventservice.Main"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DB_") || k.startsWith("KAFKA_")
                || k.startsWith("REDIS_") || List.of("PORT", "GRPC_PORT", "LOG_LEVEL", "SERVICE_NAME").contains(k));
        builder.environment().putAll(all);
        return new ServiceProcess(builder.start(), log, parsePort(all.get("PORT")), parsePort(all.get("GRPC_PORT")));
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;   // a test of bad values: the service will refuse it
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Waits until GET /health answers 200. */
    public void awaitHealthy(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Eventually.await(timeout, "service healthy on :" + httpPort + "; log:\n" + tail(), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("service exited with " + process.exitValue() + "; log:\n" + output());
            }
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health")).build(),
                                   HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** SIGTERM; returns the exit code, or fails if the process is not gone within {@code timeout}. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("no exit within " + timeout + " of SIGTERM; log:\n" + tail());
        }
        return process.exitValue();
    }

    /** kill -9: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; log:\n" + tail());
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private String tail() {
        String all = output();
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
