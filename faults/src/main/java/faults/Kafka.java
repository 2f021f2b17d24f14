package faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's own Kafka broker: the project's {@code bin/kafka} with KAFKA_PORT and KAFKA_STATE_DIR
 * of its own (the controller listens on KAFKA_PORT + 1), never the shared broker on 9092.
 */
final class Kafka {
    final int port;
    private final Path script;
    private final Path state;
    private final String javaHome;

    Kafka(Path repo, Path state, int port, String javaHome) {
        this.script = repo.resolve("bin/kafka");
        this.state = state;
        this.port = port;
        this.javaHome = javaHome;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_PORT", Integer.toString(port));
        env.put("KAFKA_STATE_DIR", state.toString());
        env.put("KAFKA_HOME_DIR", null);          // would win over KAFKA_STATE_DIR
        env.put("KAFKA_CONTROLLER_PORT", null);
        env.put("KAFKA_FRESH", null);
        env.put("JAVA_HOME", javaHome);
        return env;
    }

    /** bin/kafka start [--fresh]: returns once the broker serves requests. */
    void start(boolean fresh) {
        List<String> cmd = fresh ? List.of("bash", script.toString(), "start", "--fresh")
                                 : List.of("bash", script.toString(), "start");
        Procs.Result r = Procs.run(cmd, env(), Duration.ofMinutes(3));
        if (r.exit() != 0 || !running()) {
            throw new IllegalStateException("private Kafka broker on :" + port + " did not start (exit " + r.exit() + "):\n"
                    + r.output() + "\n" + Procs.tail(state.resolve("kafka.log"), 30));
        }
    }

    boolean running() {
        long pid = pid();
        return pid > 0 && Procs.alive(pid) && Procs.portOpen(port);
    }

    long pid() {
        try {
            return Long.parseLong(Files.readString(state.resolve("kafka.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** kill -9 of the broker process; returns once it is gone. */
    void kill9() {
        long pid = pid();
        if (pid <= 0) {
            throw new IllegalStateException("no pid for the private broker");
        }
        Procs.signal(pid, "KILL");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (Procs.alive(pid) && System.nanoTime() < deadline) {
            Procs.sleepMillis(20);
        }
    }

    void stop() {
        Procs.run(List.of("bash", script.toString(), "stop"), env(), Duration.ofSeconds(60));
    }
}
