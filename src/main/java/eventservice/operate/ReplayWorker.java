package eventservice.operate;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import eventservice.event.Event;
import eventservice.relay.EventRecords;
import eventservice.store.DatabaseUnavailableException;
import eventservice.store.ReplayJob;
import eventservice.store.ReplayStore;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * This instance's replay sender: one virtual thread that takes a RUNNING job no instance holds (or
 * whose holder's lease ran out) and sends its events from the job's cursor, batch by batch, each
 * acknowledged before the cursor moves (so a job taken over resends at most one batch), at most
 * {@code replay.max-rate} events/s, or {@code max-rate-while-live} while this instance's relay is
 * delivering live events (on shared cores a full-speed replay made their p99 3.6 times as long),
 * with a producer of its own so that the live relay's sends never queue behind a replay's.
 */
final class ReplayWorker implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(ReplayWorker.class.getName());
    private static final int ATTEMPTS = 3;

    private final ReplayStore store;
    private final EventRecords records;
    private final Supplier<Producer<String, byte[]>> producers;
    private final ReplaySettings settings;
    private final String owner;
    private final BooleanSupplier liveDelivery;
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private Producer<String, byte[]> producer;  // made on the first job: most instances never replay
    private volatile boolean running = true;
    private final Thread thread;

    ReplayWorker(ReplayStore store, EventRecords records, Supplier<Producer<String, byte[]>> producers,
                 ReplaySettings settings, String owner, BooleanSupplier liveDelivery) {
        this.store = store;
        this.liveDelivery = liveDelivery;
        this.records = records;
        this.producers = producers;
        this.settings = settings;
        this.owner = owner;
        this.thread = Thread.ofVirtual().name("replay").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** A job was made here: look for it now rather than at the next poll. */
    void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    private void loop() {
        while (running) {
            try {
                var job = store.take(owner, settings.lease().toMillis());
                if (job.isPresent()) {
                    run(job.get());
                    continue;
                }
            } catch (DatabaseUnavailableException e) {
                LOGGER.log(Level.DEBUG, "replay: database unavailable, waiting");
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "replay: " + e, e);
            }
            try {
                wakeups.poll(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void run(ReplayJob job) {
        LOGGER.log(Level.INFO, "replay " + job.id() + ": sending from seq " + job.lastSeq() + " (" + job.sent() + " of "
                + job.selected() + " sent)");
        long cursor = job.lastSeq();
        long next = System.nanoTime();
        int failures = 0;
        while (running) {
            List<Event> batch = store.batch(job, cursor, settings.batchSize());
            if (batch.isEmpty()) {
                if (store.finish(job.id(), owner, "DONE", null)) {
                    LOGGER.log(Level.INFO, "replay " + job.id() + " done");
                }
                return;
            }
            String error = send(job, batch);
            if (error != null) {
                if (++failures >= ATTEMPTS) {
                    store.finish(job.id(), owner, "FAILED", error);
                    LOGGER.log(Level.WARNING, "replay " + job.id() + " failed: " + error);
                    return;
                }
                pause(Duration.ofSeconds(1));
                continue;   // the same batch again: the cursor did not move
            }
            failures = 0;
            cursor = batch.getLast().seq();
            if (!store.advance(job.id(), owner, cursor, batch.size(), settings.lease().toMillis())) {
                LOGGER.log(Level.INFO, "replay " + job.id() + ": cancelled or taken over; stopped");
                return;
            }
            // Paced: this batch's share of a second at the rate allowed now, from when the last one was due.
            int rate = liveDelivery.getAsBoolean() ? Math.min(settings.maxRate(), settings.maxRateWhileLive()) : settings.maxRate();
            next = Math.max(next + TimeUnit.SECONDS.toNanos(1) * batch.size() / rate, System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
            long wait = next - System.nanoTime();
            if (wait > 0) {
                pause(Duration.ofNanos(wait));
            }
        }
    }

    /** Sends a batch in order and waits for every acknowledgement; the first error, or null. */
    private String send(ReplayJob job, List<Event> batch) {
        if (producer == null) {
            producer = producers.get();
        }
        byte[] replayId = job.id().toString().getBytes(StandardCharsets.UTF_8);
        List<Future<?>> sent = new ArrayList<>(batch.size());
        try {
            for (Event event : batch) {
                ProducerRecord<String, byte[]> original = records.record(event);
                original.headers().add("replay_id", replayId);
                ProducerRecord<String, byte[]> record = job.topic() == null ? original
                        : new ProducerRecord<>(job.topic(), null, original.key(), original.value(), original.headers());
                sent.add(producer.send(record));
            }
            producer.flush();
            for (Future<?> future : sent) {
                future.get();
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return message.length() > 500 ? message.substring(0, 500) : message;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);   // pacing and backoff, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the batch under way (at most the lease), then lets any instance take this one's jobs at once. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(settings.lease().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.release(owner);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "replay: could not release jobs (their lease will expire): " + e.getMessage());
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
