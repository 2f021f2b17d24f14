package eventservice.relay;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import eventservice.event.Event;
import eventservice.store.DatabaseUnavailableException;
import eventservice.store.EventStore;
import eventservice.store.Failure;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The outbox relay: a pool of virtual threads, each claiming a batch of due events
 * ({@code FOR UPDATE SKIP LOCKED}, at most one unfinished event per aggregate), sending them with
 * the shared producer, and writing each record's outcome back in one statement per outcome kind.
 *
 * <p>A per-record error (e.g. record too large) spends one of the event's retries. A broker-level
 * error (Kafka unreachable, timeouts: Kafka's {@link RetriableException}s) spends nothing: the
 * claim is returned to PENDING and the relay pauses, probing the broker, until it answers again.
 */
public final class Relay implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Relay.class.getName());
    private static final Object ACKED = new Object();

    private final EventStore store;
    private final Producer<String, byte[]> producer;
    private final EventRecords records;
    private final KafkaAdmin admin;
    private final RelaySettings settings;
    private final String owner;
    private final List<Thread> workers = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final AtomicLong signals = new AtomicLong();
    private final AtomicBoolean brokerDown = new AtomicBoolean();
    private final AtomicLong lastHousekeeping = new AtomicLong();
    private volatile boolean running;
    private final List<RelayListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told about each record's outcome (metrics). */
    public interface RelayListener {
        void published(Event event);

        void failed(Event event, boolean permanently);
    }

    public Relay(EventStore store, Producer<String, byte[]> producer, EventRecords records, KafkaAdmin admin,
                 RelaySettings settings, String owner) {
        this.store = store;
        this.producer = producer;
        this.records = records;
        this.admin = admin;
        this.settings = settings;
        this.owner = owner;
    }

    public void addListener(RelayListener listener) {
        listeners.add(listener);
    }

    public String owner() {
        return owner;
    }

    public RelaySettings settings() {
        return settings;
    }

    /** True while the relay waits for an unreachable broker. */
    public boolean brokerDown() {
        return brokerDown.get();
    }

    /** Starts the background pool. */
    public void start() {
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            Thread worker = Thread.ofVirtual().name("relay-" + i).unstarted(this::workLoop);
            workers.add(worker);
            worker.start();
        }
        LOGGER.log(Level.INFO, "relay started: " + settings.workers() + " workers, owner " + owner);
    }

    /** New events were committed: wake the pool now rather than at its next poll. */
    public void wake() {
        signals.incrementAndGet();
        lock.lock();
        try {
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void workLoop() {
        while (running) {
            long seen = signals.get();
            PassResult result = PassResult.NONE;
            try {
                if (brokerDown.get()) {
                    probeBroker();
                } else {
                    housekeeping();
                    result = pass(settings.batchSize(), List.of());
                }
            } catch (DatabaseUnavailableException e) {
                LOGGER.log(Level.DEBUG, "relay: database unavailable, waiting");
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "relay pass failed: " + e, e);
            }
            if (result.claimed() == 0 && running) {
                awaitSignal(seen, brokerDown.get() ? Duration.ofSeconds(1) : settings.pollInterval());
            }
        }
    }

    private void awaitSignal(long seen, Duration timeout) {
        lock.lock();
        try {
            if (signals.get() == seen && running) {
                wakeUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Expired leases and FAILED events whose backoff is over become PENDING; at most once per poll interval. */
    private void housekeeping() {
        long now = System.nanoTime();
        long last = lastHousekeeping.get();
        if (now - last < settings.pollInterval().toNanos() || !lastHousekeeping.compareAndSet(last, now)) {
            return;
        }
        long reclaimed = store.reclaimExpiredLeases();
        if (reclaimed > 0) {
            LOGGER.log(Level.WARNING, "reclaimed " + reclaimed + " events whose lease expired");
        }
        store.requeueDueFailed(settings.maxRetries());
    }

    private void probeBroker() {
        if (admin.reachable(2000)) {
            brokerDown.set(false);
            LOGGER.log(Level.INFO, "Kafka is reachable again; relay resumes");
            wake();
        }
    }

    /** One pass now: claim up to {@code limit} due events (only {@code ids}, if given), publish, record outcomes. */
    public PassResult pass(int limit, List<UUID> ids) {
        List<Event> claimed = store.claim(owner, limit, settings.lease(), settings.maxRetries(), ids);
        if (claimed.isEmpty()) {
            return PassResult.NONE;
        }
        int n = claimed.size();
        // null: no answer yet; ACKED; or the error. Written by the producer's callbacks.
        AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(n);
        CountDownLatch acks = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            try {
                producer.send(records.record(claimed.get(i)), (metadata, error) -> {
                    // Runs on the producer's I/O thread: record the outcome and nothing else.
                    outcomes.set(index, error == null ? ACKED : error);
                    acks.countDown();
                });
            } catch (RuntimeException e) {
                outcomes.set(index, e);
                acks.countDown();
            }
        }
        // Send the claimed batch now instead of waiting out linger.ms: the batch is already complete.
        producer.flush();
        awaitAcks(acks);
        return record(claimed, outcomes);
    }

    private void awaitAcks(CountDownLatch acks) {
        try {
            // delivery.timeout.ms bounds every send; the margin covers a slow callback.
            if (!acks.await(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.log(Level.WARNING, "relay: acknowledgements still missing after the lease");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PassResult record(List<Event> claimed, AtomicReferenceArray<Object> outcomes) {
        List<UUID> published = new ArrayList<>();
        List<UUID> released = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        List<Event> failedEvents = new ArrayList<>();
        List<Event> publishedEvents = new ArrayList<>();
        RuntimeException brokerError = null;
        for (int i = 0; i < claimed.size(); i++) {
            Event event = claimed.get(i);
            Object outcome = outcomes.get(i);
            Exception error = outcome instanceof Exception e ? e : null;
            if (outcome == ACKED) {
                published.add(event.id());
                publishedEvents.add(event);
            } else if (outcome == null || isBrokerLevel(error)) {
                released.add(event.id());
                if (error instanceof RuntimeException re) {
                    brokerError = re;
                }
            } else {
                int attempt = event.retryCount() + 1;
                failures.add(new Failure(event.id(), describe(error), settings.backoff().delay(attempt)));
                failedEvents.add(event);
                LOGGER.log(Level.WARNING, "event " + event.id() + " failed to publish (attempt " + attempt + "): "
                        + describe(error));
            }
        }
        store.markProcessed(published);
        store.markFailed(failures, owner);
        store.release(released, owner);
        if (!released.isEmpty() && brokerDown.compareAndSet(false, true)) {
            LOGGER.log(Level.WARNING, "Kafka unreachable (" + (brokerError == null ? "no acknowledgement" : describe(brokerError))
                    + "); relay paused, " + released.size() + " events back to PENDING without spending a retry");
        }
        for (Event e : publishedEvents) {
            listeners.forEach(l -> l.published(e));
        }
        for (Event e : failedEvents) {
            boolean permanently = !settings.lifecycle().retriesLeft(e.retryCount() + 1);
            listeners.forEach(l -> l.failed(e, permanently));
        }
        return new PassResult(claimed.size(), published.size(), failures.size());
    }

    static boolean isBrokerLevel(Exception error) {
        return error instanceof RetriableException
                || error instanceof org.apache.kafka.common.errors.InterruptException
                || (error.getCause() instanceof RetriableException);
    }

    private static String describe(Exception error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    /**
     * Stops claiming, lets in-flight sends finish (bounded by {@code shutdown-timeout}), and returns
     * whatever this instance still holds to PENDING.
     */
    @Override
    public void close() {
        running = false;
        wake();
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        for (Thread worker : workers) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                worker.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            long released = store.releaseAll(owner);
            if (released > 0) {
                LOGGER.log(Level.INFO, "relay stopped; " + released + " claimed events returned to PENDING");
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "relay stopped; could not return claims (their lease will expire): " + e.getMessage());
        }
    }
}
