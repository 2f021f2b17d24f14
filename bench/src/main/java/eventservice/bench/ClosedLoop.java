package eventservice.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Status;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Closed loop: {@code concurrency} callers, each sending its next call as soon as the previous one
 * is answered. Calls answered inside the measuring window (after the warm-up) count.
 */
final class ClosedLoop {
    record Outcome(long calls, long errors, double seconds, ConcurrentHistogram latency, Map<String, Long> errorsByCode,
                   long allOk) {
    }

    private final int concurrency;
    private final IntFunction<ListenableFuture<?>> call;
    private final ConcurrentHistogram latency = Lat.concurrent();
    private final AtomicLong okInWindow = new AtomicLong();
    private final AtomicLong allOk = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, Long> errorsByCode = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "closed-loop-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile long measureFrom;
    private volatile long end;
    private CountDownLatch finished;

    ClosedLoop(int concurrency, IntFunction<ListenableFuture<?>> call) {
        this.concurrency = concurrency;
        this.call = call;
    }

    Outcome run(double warmupSeconds, double seconds) throws InterruptedException {
        long now = System.nanoTime();
        measureFrom = now + (long) (warmupSeconds * 1e9);
        end = measureFrom + (long) (seconds * 1e9);
        finished = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            issue(w);
        }
        if (!finished.await((long) (warmupSeconds + seconds) + 120, TimeUnit.SECONDS)) {
            System.err.println("closed loop: calls still unanswered 120 s after the end");
        }
        retry.shutdownNow();
        return new Outcome(okInWindow.get(), errors.get(), seconds, latency, errorsByCode, allOk.get());
    }

    private void issue(int worker) {
        long started = System.nanoTime();
        if (started >= end) {
            finished.countDown();
            return;
        }
        ListenableFuture<?> f;
        try {
            f = call.apply(worker);
        } catch (RuntimeException e) {
            failed(worker, e);
            return;
        }
        f.addListener(() -> {
            long done = System.nanoTime();
            try {
                f.get();
                allOk.incrementAndGet();
                if (done >= measureFrom && done <= end) {
                    okInWindow.incrementAndGet();
                    Lat.record(latency, (done - started) / 1000);
                }
                issue(worker);
            } catch (ExecutionException e) {
                failed(worker, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished.countDown();
            }
        }, MoreExecutors.directExecutor());
    }

    private void failed(int worker, Throwable error) {
        long n = errors.incrementAndGet();
        String code = Status.fromThrowable(error).getCode().name();
        errorsByCode.merge(code, 1L, Long::sum);
        if (n <= 3) {
            System.err.println("call failed: " + Status.fromThrowable(error));
        }
        if (n > 10_000) {
            end = 0;  // give up: something is broken
        }
        // not from the callback: a call that fails at once would recurse
        retry.schedule(() -> issue(worker), 10, TimeUnit.MILLISECONDS);
    }
}
