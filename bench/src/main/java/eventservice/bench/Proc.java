package eventservice.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Linux /proc: a process's CPU time and resident memory. */
final class Proc {
    /** USER_HZ: the unit of utime and stime; 100 on every Linux this runs on. */
    static final double TICKS = 100.0;

    private Proc() {
    }

    /** utime + stime in seconds; cutime + cstime too when {@code children}. NaN when the process is gone. */
    static double cpuSeconds(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: fields are counted after its ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            double ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (children) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double selfChildrenCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid(), true) - cpuSeconds(ProcessHandle.current().pid(), false);
    }

    /** VmRSS, or with {@code peak} VmHWM, in MiB. */
    static double rssMiB(long pid, boolean peak) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(peak ? "VmHWM:" : "VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return Double.NaN;
    }

    /**
     * CPU seconds, by pid, of the PostgreSQL backends serving {@code db} (their command line names
     * the database), e.g. the service's pooled connections.
     */
    static Map<Long, Double> postgresBackends(String db) {
        Map<Long, Double> out = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                try {
                    if (!Files.readString(d.resolve("comm")).strip().equals("postgres")) {
                        continue;
                    }
                    String cmd = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains(" " + db + " ")) {
                        long pid = Long.parseLong(d.getFileName().toString());
                        double s = cpuSeconds(pid, false);
                        if (!Double.isNaN(s)) {
                            out.put(pid, s);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** CPU used between two snapshots: per pid, so a backend that exits meanwhile cannot make it negative. */
    static double delta(Map<Long, Double> before, Map<Long, Double> after) {
        double total = 0;
        for (var e : after.entrySet()) {
            total += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
        }
        return total;
    }
}
