package eventservice.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service's footprint at rest: started, ready, its relay on, nothing sent for {@code --seconds};
 * VmRSS at the end (what a container's memory limit meets first) and the CPU it spent meanwhile.
 */
final class Idle {
    private Idle() {
    }

    static boolean run(Opts o, Path results) throws Exception {
        long pid = o.lng("service-pid", -1);
        double seconds = o.dbl("seconds", 10);
        double cpu0 = Proc.cpuSeconds(pid, false);
        double rssMax = Proc.rssMiB(pid, false);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(250, (end - System.nanoTime()) / 1_000_000)));
            rssMax = Math.max(rssMax, Proc.rssMiB(pid, false));
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("seconds", seconds);
        v.put("rss_mib", Proc.rssMiB(pid, false));
        v.put("rss_max_mib", rssMax);
        v.put("rss_peak_mib", Proc.rssMiB(pid, true));  // VmHWM: start-up included
        v.put("cpu_s", Proc.cpuSeconds(pid, false) - cpu0);
        Results.append(results, "idle", "service", v);
        return !Double.isNaN(rssMax);
    }
}
