package eventservice.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** While ingest is busy an old backlog is claimed one pass at a time, each followed by a pause. */
@Timeout(60)
class BacklogPacingTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void onlyAnOldBacklogIsPaced() {
        AtomicInteger paced = new AtomicInteger();
        BacklogPacing pacing = new BacklogPacing(1.0, TEN_SECONDS, paced::incrementAndGet);
        pacing.yieldTo(() -> true);
        pacing.run(() -> 1);
        assertThat("before its first claim the backlog counts as old", paced.get(), is(1));
        pacing.claimed(Duration.ofHours(1));
        pacing.run(() -> 1);
        assertThat("an hour-old backlog", paced.get(), is(2));
        pacing.claimed(Duration.ofSeconds(1));
        pacing.run(() -> 1);
        assertThat("events stored a second ago are the stream", paced.get(), is(2));
        pacing.claimedNothing();
        pacing.run(() -> 1);
        assertThat("nothing was due", paced.get(), is(2));
    }

    @Test
    void aClaimedBacklogAgesOnThisProcesssClock() {
        AtomicInteger paced = new AtomicInteger();
        BacklogPacing pacing = new BacklogPacing(1.0, Duration.ofMillis(300), paced::incrementAndGet);
        pacing.yieldTo(() -> true);
        long claimedAt = System.nanoTime();
        pacing.claimed(Duration.ofMillis(100));  // stored 100 ms before the claim, by the database's clock
        pacing.run(() -> 1);
        if (System.nanoTime() - claimedAt < Duration.ofMillis(200).toNanos()) {
            assertThat("300 ms old only 200 ms after the claim", paced.get(), is(0));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (paced.get() == 0 && System.nanoTime() < deadline) {
            pacing.run(() -> 1);
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertThat("old once it has waited long enough", paced.get(), is(1));
        assertThat(System.nanoTime() - claimedAt, greaterThanOrEqualTo(Duration.ofMillis(200).toNanos()));
    }

    @Test
    void whileIngestIsBusyOneWorkerClaimsAtATime() throws InterruptedException {
        AtomicInteger told = new AtomicInteger();
        BacklogPacing pacing = new BacklogPacing(0.5, TEN_SECONDS, told::incrementAndGet);
        pacing.yieldTo(() -> true);
        AtomicInteger inPass = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger turnedAway = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                while (passes.get() < 40) {
                    Optional<Integer> done = pacing.run(() -> {
                        most.accumulateAndGet(inPass.incrementAndGet(), Math::max);
                        LockSupport.parkNanos(1_000_000);  // the pass's own work
                        inPass.decrementAndGet();
                        return passes.incrementAndGet();
                    });
                    if (done.isEmpty()) {
                        turnedAway.incrementAndGet();
                        LockSupport.parkNanos(200_000);  // as a relay worker waits rather than spins
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            assertThat(worker.join(Duration.ofSeconds(30)), is(true));
        }
        assertThat(most.get(), is(1));
        assertThat(turnedAway.get(), greaterThanOrEqualTo(1));
        assertThat("each paced pass reported", told.get(), is(passes.get()));
    }

    @Test
    void aPacedPassTakesTheConfiguredShareOfItsTurn() {
        BacklogPacing pacing = new BacklogPacing(0.25, TEN_SECONDS, () -> { });
        assertThat(pacing.pauseAfter(TimeUnit.MILLISECONDS.toNanos(10)), is(TimeUnit.MILLISECONDS.toNanos(30)));
        pacing.yieldTo(() -> true);
        long[] pass = new long[1];
        long began = System.nanoTime();
        pacing.run(() -> {
            long start = System.nanoTime();
            LockSupport.parkNanos(20_000_000);
            return pass[0] = System.nanoTime() - start;
        });
        long turn = System.nanoTime() - began;
        assertThat(turn, greaterThanOrEqualTo(pass[0] * 4 - 1_000_000));
    }

    @Test
    void whenIngestIsNotBusyEveryWorkerClaimsAtOnce() throws InterruptedException {
        AtomicInteger told = new AtomicInteger();
        BacklogPacing pacing = new BacklogPacing(0.1, TEN_SECONDS, told::incrementAndGet);
        pacing.yieldTo(() -> false);
        CountDownLatch bothInside = new CountDownLatch(2);
        AtomicInteger met = new AtomicInteger();
        Runnable worker = () -> pacing.run(() -> {
            bothInside.countDown();
            try {
                if (bothInside.await(10, TimeUnit.SECONDS)) {
                    met.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        });
        Thread a = Thread.ofVirtual().start(worker);
        Thread b = Thread.ofVirtual().start(worker);
        a.join();
        b.join();
        assertThat("both passes ran at the same time", met.get(), is(2));
        assertThat("no pass was paced", told.get(), is(0));
    }

    @Test
    void closingEndsAPauseAtOnce() throws InterruptedException {
        BacklogPacing pacing = new BacklogPacing(0.001, TEN_SECONDS, () -> { });  // a 20 ms pass would be followed by a 20 s pause
        pacing.yieldTo(() -> true);
        CountDownLatch passDone = new CountDownLatch(1);
        long[] turn = new long[1];
        Thread worker = Thread.ofVirtual().start(() -> {
            long began = System.nanoTime();
            pacing.run(() -> {
                LockSupport.parkNanos(20_000_000);
                passDone.countDown();
                return 1;
            });
            turn[0] = System.nanoTime() - began;
        });
        assertThat(passDone.await(10, TimeUnit.SECONDS), is(true));
        pacing.close();
        assertThat(worker.join(Duration.ofSeconds(10)), is(true));
        assertThat(turn[0], lessThan(TimeUnit.SECONDS.toNanos(5)));
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        for (double share : new double[] {0, -0.5, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BacklogPacing(share, TEN_SECONDS, () -> { }));
            assertThat(e.getMessage(), containsString("relay.share-while-ingest-busy"));
        }
        new BacklogPacing(1.0, TEN_SECONDS, () -> { });  // one worker at a time, no pause
    }
}
