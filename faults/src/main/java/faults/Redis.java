package faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A redis-server of the suite's own (not the shared one on 6379), as a child process. */
final class Redis {
    final int port;
    private final Path log;
    private Process process;
    private int starts;

    Redis(int port, Path runDir) {
        this.port = port;
        this.log = runDir.resolve("redis.log");
    }

    void start() {
        starts++;
        try {
            process = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                                         "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started", e);
        }
        Procs.track(process, "redis-server 127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on :" + port + " exited:\n" + Procs.tail(log, 20));
            }
            if (command("PING").startsWith("+PONG")) {
                return;
            }
            Procs.sleepMillis(50);
        }
        throw new IllegalStateException("redis-server on :" + port + " does not answer");
    }

    void kill9() {
        Procs.signal(process.pid(), "KILL");
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void freeze() {
        Procs.signal(process.pid(), "STOP");
    }

    void thaw() {
        Procs.signal(process.pid(), "CONT");
    }

    void stop() {
        if (process != null && process.isAlive()) {
            thaw();
            kill9();
        }
    }

    /** Keys in db 0 (-1 when Redis does not answer). */
    long dbsize() {
        String r = command("DBSIZE");
        return r.startsWith(":") ? Long.parseLong(r.substring(1).trim()) : -1;
    }

    /** One inline command; the first line of the answer, or "" when Redis does not answer. */
    String command(String cmd) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            s.getOutputStream().write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return "";
        }
    }

    static List<String> version() {
        return List.of(Procs.run(List.of("redis-server", "--version"), null, Duration.ofSeconds(5)).output().trim());
    }
}
