package eventservice.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;

/**
 * Scenarios 1 and 2: closed-loop PublishEvent at several concurrencies, PublishEvents with large batches.
 * {@code --variant=V} records them as {@code unary-V} and {@code batch-V}: bin/bench's {@code schema} (the
 * same runs once the type has a schema) and {@code warm} (without it again, after those). With
 * {@code --service-pid}, the service's CPU over each measuring window goes with its figures.
 */
final class Ingest {
    private Ingest() {
    }

    /** Returns false when any call failed. */
    static boolean run(Opts o, Path results) throws Exception {
        String host = o.str("host", "127.0.0.1");
        int port = o.integer("grpc-port", 30256);
        int aggregates = o.integer("aggregates", 100_000);
        double warmup = o.dbl("warmup", 5);
        double seconds = o.dbl("seconds", 20);
        String variant = o.str("variant", "");
        String suffix = variant.isEmpty() ? "" : "-" + variant;
        long pid = o.lng("service-pid", -1);
        boolean ok = true;

        // pre-built requests: the client's own CPU goes to sending, not to building JSON
        PublishEventRequest[] singles = new PublishEventRequest[4096];
        for (int i = 0; i < singles.length; i++) {
            singles[i] = Data.request(i, aggregates);
        }
        for (int c : o.ints("concurrency", "1,16,64,256")) {
            try (Grpc grpc = new Grpc(host, port, Math.min(4, c))) {
                System.out.printf("unary: PublishEvent, concurrency %d, %.0f s (+%.0f s warm-up)%n", c, seconds, warmup);
                AtomicLong next = new AtomicLong();
                ClosedLoop loop = new ClosedLoop(c,
                        w -> grpc.stub(w).publishEvent(singles[(int) (next.getAndIncrement() % singles.length)]));
                ok &= record(results, "unary" + suffix, "c=" + c, c, 1, measure(loop, pid, warmup, seconds));
            }
        }
        int batchConcurrency = o.integer("batch-concurrency", 4);
        for (int size : o.ints("batch-sizes", "100,1000")) {
            PublishEventsRequest[] batches = new PublishEventsRequest[16];
            for (int i = 0; i < batches.length; i++) {
                batches[i] = Data.batch((long) i * size, size, aggregates);
            }
            try (Grpc grpc = new Grpc(host, port, Math.min(4, batchConcurrency))) {
                System.out.printf("batch: PublishEvents of %d, concurrency %d, %.0f s (+%.0f s warm-up)%n",
                        size, batchConcurrency, seconds, warmup);
                ClosedLoop loop = new ClosedLoop(batchConcurrency,
                        w -> grpc.stub(w).publishEvents(batches[(int) (System.nanoTime() & 15)]));
                ok &= record(results, "batch" + suffix, "batch=" + size, batchConcurrency, size,
                        measure(loop, pid, warmup, seconds));
            }
        }
        return ok;
    }

    /** The loop's outcome and the service's CPU-s (utime + stime) over its measuring window; NaN without a pid. */
    private record Measured(ClosedLoop.Outcome out, double serviceCpuSeconds) {
    }

    private static Measured measure(ClosedLoop loop, long pid, double warmup, double seconds) throws Exception {
        if (pid <= 0) {
            return new Measured(loop.run(warmup, seconds), Double.NaN);
        }
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-cpu-clock");
            t.setDaemon(true);
            return t;
        });
        try {
            ScheduledFuture<Double> from = clock.schedule(() -> Proc.cpuSeconds(pid, false), (long) (warmup * 1e9), TimeUnit.NANOSECONDS);
            ScheduledFuture<Double> to = clock.schedule(() -> Proc.cpuSeconds(pid, false), (long) ((warmup + seconds) * 1e9),
                    TimeUnit.NANOSECONDS);
            ClosedLoop.Outcome out = loop.run(warmup, seconds);
            return new Measured(out, to.get() - from.get());
        } finally {
            clock.shutdownNow();
        }
    }

    private static boolean record(Path results, String kind, String label, int concurrency, int perCall, Measured m) {
        ClosedLoop.Outcome out = m.out();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("concurrency", concurrency);
        v.put("events_per_call", perCall);
        v.put("calls", out.calls());
        v.put("events", out.calls() * perCall);
        v.put("seconds", out.seconds());
        v.put("events_per_s", out.calls() * perCall / out.seconds());
        v.putAll(Lat.summary(out.latency()));
        v.put("errors", out.errors());
        if (!Double.isNaN(m.serviceCpuSeconds())) {
            v.put("service_cpu_s", m.serviceCpuSeconds());
            v.put("service_cpu_us_per_event", out.calls() > 0 ? m.serviceCpuSeconds() * 1e6 / (out.calls() * perCall) : Double.NaN);
        }
        if (!out.errorsByCode().isEmpty()) {
            v.put("error_codes", out.errorsByCode().toString().replace(' ', '_'));
        }
        Results.append(results, kind, label, v);
        // a tiny window on a busy machine may see no answer at all: the calls must work, not be fast
        return out.errors() == 0 && out.allOk() > 0;
    }
}
