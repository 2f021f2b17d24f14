package eventservice.ingest;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import eventservice.event.Event;
import eventservice.event.EventStatus;
import eventservice.relay.Handover;
import eventservice.store.Claim;
import eventservice.store.EventStore;
import eventservice.store.RowToInsert;
import eventservice.store.StoredEvent;

/**
 * Group commit: concurrent single-event publishes are coalesced into one multi-row INSERT. A few
 * writer threads each take whatever is queued (up to {@code maxGroup}) and store it in one
 * statement; a caller is answered only after the statement that holds its row has committed.
 * With one caller at a time there is no waiting at all: the writer takes the lone row at once.
 * A group the relay can take ({@link Handover#claim()}) is stored claimed and handed to it on commit.
 */
public final class GroupCommit implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(GroupCommit.class.getName());

    private record Pending(RowToInsert row, CompletableFuture<StoredEvent> result) {
    }

    private final EventStore store;
    private final int maxGroup;
    private final int maxQueued;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Handover handover;
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicInteger idleWriters = new AtomicInteger();
    private volatile boolean running = true;

    /** {@code maxQueued}: publishes waiting beyond it are refused at once, so a flood the database cannot take bounds the heap. */
    public GroupCommit(EventStore store, int writers, int maxGroup, int maxQueued, Handover handover) {
        this.store = store;
        this.maxGroup = maxGroup;
        this.maxQueued = maxQueued;
        this.handover = handover;
        ThreadFactory factory = Thread.ofVirtual().name("ingest-writer-", 0).factory();
        for (int i = 0; i < writers; i++) {
            Thread writer = factory.newThread(this::writeLoop);
            this.writers.add(writer);
            writer.start();
        }
    }

    /** Stores one row with whatever else is waiting; completes once committed. */
    public CompletableFuture<StoredEvent> submit(RowToInsert row) {
        CompletableFuture<StoredEvent> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the service is stopping"));
            return result;
        }
        if (idleWriters.get() == 0) {
            handover.ingestWaited();  // ingest is limited by the database: the relay yields to it
        }
        if (queue.size() >= maxQueued) {
            result.completeExceptionally(new IngestOverloadedException(
                    "more than " + maxQueued + " publishes are waiting for the database; retry later"));
            return result;
        }
        queue.add(new Pending(row, result));
        return result;
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                idleWriters.incrementAndGet();
                Pending first;
                try {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                } finally {
                    idleWriters.decrementAndGet();
                }
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group) {
        try {
            List<RowToInsert> rows = group.stream().map(Pending::row).toList();
            Optional<Claim> claim = handover.claim();
            List<StoredEvent> stored = claim.isPresent() ? store.insertClaimed(rows, claim.get()) : store.insert(rows);
            // Committed: every caller is answered with its stored event whatever happens next.
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result().complete(stored.get(i));
            }
            if (claim.isPresent()) {
                List<Event> claimed = stored.stream()
                        .filter(s -> !s.duplicate() && s.event().status() == EventStatus.PROCESSING)
                        .map(StoredEvent::event)
                        .toList();
                if (!claimed.isEmpty()) {
                    handover.deliver(claimed);
                }
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.DEBUG, "group of " + group.size() + " events not stored: " + e.getMessage());
            group.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("the service is stopping"));
        }
    }
}
