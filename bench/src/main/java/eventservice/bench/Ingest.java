package eventservice.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import eventservice.api.grpc.v1.PublishEventRequest;
import eventservice.api.grpc.v1.PublishEventsRequest;

/** Scenarios 1 and 2: closed-loop PublishEvent at several concurrencies, PublishEvents with large batches. */
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
                ok &= record(results, "unary", "c=" + c, c, 1, loop.run(warmup, seconds));
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
                ok &= record(results, "batch", "batch=" + size, batchConcurrency, size, loop.run(warmup, seconds));
            }
        }
        return ok;
    }

    private static boolean record(Path results, String kind, String label, int concurrency, int perCall,
                                  ClosedLoop.Outcome out) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("concurrency", concurrency);
        v.put("events_per_call", perCall);
        v.put("calls", out.calls());
        v.put("events", out.calls() * perCall);
        v.put("seconds", out.seconds());
        v.put("events_per_s", out.calls() * perCall / out.seconds());
        v.putAll(Lat.summary(out.latency()));
        v.put("errors", out.errors());
        if (!out.errorsByCode().isEmpty()) {
            v.put("error_codes", out.errorsByCode().toString().replace(' ', '_'));
        }
        Results.append(results, kind, label, v);
        // a tiny window on a busy machine may see no answer at all: the calls must work, not be fast
        return out.errors() == 0 && out.allOk() > 0;
    }
}
