package eventservice.relay;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.helidon.config.Config;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;

/** The broker as an operator sees it: is it reachable, and do our topics exist. */
public final class KafkaAdmin implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(KafkaAdmin.class.getName());

    private final Properties settings;
    private volatile Admin admin;
    private boolean closed;

    /** A connected client. */
    public KafkaAdmin(Config kafka) {
        this(kafka, true);
    }

    private KafkaAdmin(Config kafka, boolean connect) {
        this.settings = KafkaClients.admin(kafka);
        if (connect) {
            connect();
        }
    }

    /**
     * A client made by {@link #connect()}, which the service calls once its listeners are open: the
     * first answers do not wait for it. Until then the broker counts as not reachable.
     */
    public static KafkaAdmin unconnected(Config kafka) {
        return new KafkaAdmin(kafka, false);
    }

    public synchronized void connect() {
        if (admin == null && !closed) {
            admin = Admin.create(settings);
        }
    }

    private Admin admin() {
        Admin made = admin;
        if (made == null) {
            throw new TimeoutException("Kafka's admin client is not connected yet");
        }
        return made;
    }

    /** True when the cluster answers within {@code timeoutMillis}. */
    public boolean reachable(long timeoutMillis) {
        Admin made = admin;
        if (made == null) {
            return false;
        }
        try {
            made.describeCluster().nodes().get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** Creates any of the topics that does not exist yet (start-up; topics made by others are left as they are). */
    public void ensureTopics(Set<String> topics, int partitions, short replicationFactor) {
        try {
            Admin admin = admin();
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            Set<String> missing = new HashSet<>(topics);
            missing.removeAll(existing);
            if (missing.isEmpty()) {
                return;
            }
            List<NewTopic> newTopics = missing.stream()
                    .map(t -> new NewTopic(t, partitions, replicationFactor))
                    .toList();
            for (var entry : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    entry.getValue().get(15, TimeUnit.SECONDS);
                    LOGGER.log(Level.INFO, "created topic " + entry.getKey() + " with " + partitions + " partitions");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not check or create Kafka topics " + topics + ": " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
