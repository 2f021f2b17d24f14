package faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private PostgreSQL cluster (initdb in the work directory, its own port), so that a whole
 * server restart can be injected without touching the shared PostgreSQL. Runs as user postgres
 * when the suite runs as root (PostgreSQL refuses root).
 */
final class PgCluster {
    final int port;
    private final Path dir;
    private final Path bin;
    private final boolean asPostgres;

    private PgCluster(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = "root".equals(System.getProperty("user.name"));
    }

    /** The cluster, or null when no PostgreSQL server binaries are installed here. */
    static PgCluster find(Path dir, int port) {
        List<Path> candidates = new ArrayList<>();
        Procs.Result r = Procs.run(List.of("sh", "-c", "pg_config --bindir 2>/dev/null; ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr"),
                                   null, Duration.ofSeconds(10));
        for (String line : r.output().split("\n")) {
            if (!line.isBlank()) {
                candidates.add(Path.of(line.trim()));
            }
        }
        for (Path bin : candidates) {
            if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
                return new PgCluster(bin, dir, port);
            }
        }
        return null;
    }

    private List<String> as(String... command) {
        List<String> out = new ArrayList<>();
        if (asPostgres) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(List.of(command));
        return out;
    }

    void init() {
        Procs.runChecked(List.of("rm", "-rf", dir.toString()), null, Duration.ofSeconds(30));
        Procs.runChecked(List.of("mkdir", "-p", dir.toString()), null, Duration.ofSeconds(10));
        if (asPostgres) {
            Procs.runChecked(List.of("chown", "postgres:postgres", dir.toString()), null, Duration.ofSeconds(10));
        }
        Procs.runChecked(as(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                            "--auth=trust", "-E", "UTF8", "--no-sync"), null, Duration.ofMinutes(2));
    }

    void start() {
        Procs.runChecked(as(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("pg.log").toString(),
                            "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"),
                         null, Duration.ofSeconds(90));
    }

    /** pg_ctl stop -m immediate: the server processes quit at once, like a crash (WAL recovery at start). */
    void stopImmediate() {
        Procs.run(as(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"),
                  null, Duration.ofSeconds(60));
    }

    void stop() {
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            Procs.run(as(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"),
                      null, Duration.ofSeconds(60));
        }
    }

    void remove() {
        Procs.run(List.of("rm", "-rf", dir.toString()), null, Duration.ofSeconds(30));
    }
}
