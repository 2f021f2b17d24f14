package eventservice.relay;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;

/**
 * Starts the relay once the topics it publishes to exist, off the start-up path: the service takes
 * events (stored PENDING) while Kafka is still away, and the relay never sends to a missing topic,
 * which a broker with auto-creation on would create with its own partition count.
 */
public final class RelayLauncher implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(RelayLauncher.class.getName());

    private final KafkaAdmin admin;
    private final Relay relay;
    private final Set<String> topics;
    private final int partitions;
    private final short replicationFactor;
    private final Duration retryEvery;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private Thread thread;

    public RelayLauncher(KafkaAdmin admin, Relay relay, Set<String> topics, int partitions, short replicationFactor,
                         Duration retryEvery) {
        this.admin = admin;
        this.relay = relay;
        this.topics = topics;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.retryEvery = retryEvery;
    }

    public synchronized void start() {
        thread = Thread.ofVirtual().name("relay-launcher").start(this::run);
    }

    /** True once the relay runs; for tests that need it running before they publish. */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        boolean warned = false;
        while (stopped.getCount() > 0) {
            try {
                admin.ensureTopics(topics, partitions, replicationFactor);
                break;
            } catch (IllegalStateException e) {
                if (stopped.getCount() == 0) {
                    return;
                }
                if (!brokerAway(e)) {
                    // e.g. not allowed to list or create topics: they may well exist, so try sending.
                    LOGGER.log(Level.WARNING, e.getMessage() + "; relay starts anyway");
                    break;
                }
                if (!warned) {
                    warned = true;
                    LOGGER.log(Level.WARNING, "Kafka not reachable; events are stored PENDING and the relay starts once "
                            + "topics " + topics + " are checked (retrying every " + retryEvery.toMillis() + " ms)");
                }
            }
            try {
                if (stopped.await(retryEvery.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
        startRelay();
    }

    private synchronized void startRelay() {
        if (stopped.getCount() > 0) {
            relay.start();
            started.countDown();
        }
    }

    static boolean brokerAway(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Stops retrying; the relay is not started after this returns. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            stopped.countDown();
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
