package faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Processes the suite starts: each one is written to the run's pid file (bin/faults' trap kills
 * whatever is left of them, also when this JVM itself is killed), and a shutdown hook kills the
 * children still alive when the runner stops.
 */
final class Procs {
    private static Path pidFile;
    private static final List<Process> CHILDREN = new CopyOnWriteArrayList<>();

    private Procs() {
    }

    static void init(Path pids) {
        pidFile = pids;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : CHILDREN) {
                if (p.isAlive()) {
                    signal(p.pid(), "CONT");
                    p.destroyForcibly();
                }
            }
        }, "faults-cleanup"));
    }

    /** Records {@code pid}; {@code pattern} is a piece of its command line (the trap checks it before killing). */
    static void track(Process process, String pattern) {
        CHILDREN.add(process);
        try {
            Files.writeString(pidFile, process.pid() + "\t" + pattern + "\n", StandardCharsets.UTF_8,
                              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -SIG pid; true when the signal was delivered. */
    static boolean signal(long pid, String sig) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    record Result(int exit, String output) {
    }

    /** Runs a command to its end (output captured), failing after {@code timeout}. */
    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (env != null) {
                env.forEach((k, v) -> {
                    if (v == null) {
                        builder.environment().remove(k);
                    } else {
                        builder.environment().put(k, v);
                    }
                });
            }
            Path out = Files.createTempFile("faults-cmd-", ".out");
            builder.redirectOutput(out.toFile());
            Process p = builder.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n" + Files.readString(out));
            }
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result runChecked(List<String> command, Map<String, String> env, Duration timeout) {
        Result r = run(command, env, timeout);
        if (r.exit() != 0) {
            throw new IllegalStateException("failed (exit " + r.exit() + "): " + String.join(" ", command) + "\n" + r.output());
        }
        return r;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration d) {
        sleepMillis(d.toMillis());
    }

    static void sleepMillis(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static List<String> grep(Path file, String regex) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                if (line.matches(".*(" + regex + ").*")) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            // no log yet
        }
        return out;
    }
}
